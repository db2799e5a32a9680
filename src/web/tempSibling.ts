/**
 * The browser build's temporary siblings: tagged with a random id instead of a process id (a web
 * extension host has no process), and never judged stale — without a pid there is no way to know
 * whether the writer is gone, so nothing is removed.
 */
import { tempSiblingName } from '../core/index';

/** A fresh temporary name next to `targetName`. */
export function tempSibling(targetName: string, _pid?: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(4));
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return tempSiblingName(targetName, 0, hex);
}

export function isStaleTemporary(_name: string): boolean {
  return false;
}
