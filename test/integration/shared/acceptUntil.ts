import * as vscode from 'vscode';

/**
 * Accepts whatever quick input is open, again and again, until `done` settles (bounded). Accepting
 * when nothing is open does nothing, so no timing is assumed about when each question appears.
 */
export async function acceptUntil<T>(done: Promise<T>, maxAccepts = 200): Promise<T> {
  let settled = false;
  const result = done.finally(() => {
    settled = true;
  });
  for (let i = 0; i < maxAccepts && !settled; i++) {
    await new Promise((r) => setTimeout(r, 150));
    if (!settled) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
  }
  if (!settled) {
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    throw new Error('the command still waited for an answer');
  }
  return result;
}
