import * as os from 'node:os';

/** The user's home folder, where a save dialog opens when no workspace folder is open. */
export function homeFolder(): string | undefined {
  return os.homedir();
}
