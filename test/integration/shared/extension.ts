/** Access to the extension under test, the way another extension would reach it. */
import * as vscode from 'vscode';
import type { ExtensionTestApi } from '../../../src/extension/extension';

export const EXTENSION_ID = 'keras-initializers.keras-initializers';

export function ourExtension(): vscode.Extension<ExtensionTestApi> {
  const extension = vscode.extensions.getExtension<ExtensionTestApi>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not loaded in this extension host`);
  return extension;
}

/** A file of the workspace the host opened (a copy of test/integration/workspace). */
export function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the host opened no workspace folder');
  return vscode.Uri.joinPath(folder.uri, name);
}
