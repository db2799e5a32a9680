import * as vscode from 'vscode';
import { Commands } from './commands';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Keras Initializers', { log: true });
  context.subscriptions.push(log);
  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.openPreview, () => {
      log.info('openPreview');
    }),
  );
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
