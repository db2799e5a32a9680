/**
 * Temporary siblings on this machine: a fresh name for this process, and whether a name found in a
 * folder belongs to a run that was killed (its process is gone) and may be removed.
 */
import { randomBytes } from 'node:crypto';
import { errorCode, parseTempSiblingName, tempSiblingName } from '../core/index';

/** A fresh temporary name next to `targetName`, tagged with the writing process's id. */
export function tempSibling(targetName: string, pid: number = process.pid): string {
  return tempSiblingName(targetName, pid, randomBytes(4).toString('hex'));
}

/** `kill(pid, 0)`: ESRCH means no such process; EPERM means it exists but belongs to someone else. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errorCode(e) === 'EPERM';
  }
}

/** Whether `name` is a temporary of this tool whose writing process (not this one) is no longer running. */
export function isStaleTemporary(name: string, isAlive: (pid: number) => boolean = isProcessAlive): boolean {
  const parsed = parseTempSiblingName(name);
  return parsed !== undefined && parsed.pid !== process.pid && !isAlive(parsed.pid);
}
