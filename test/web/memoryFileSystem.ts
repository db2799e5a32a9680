/**
 * A small in-memory file system (scheme `kimem:`) for the tests: a virtual file system like
 * vscode.dev's and github.dev's, where files exist only behind `workspace.fs`.
 */
import * as vscode from 'vscode';

interface Entry {
  readonly type: vscode.FileType;
  data: Uint8Array;
  mtime: number;
}

export class MemoryFileSystem implements vscode.FileSystemProvider {
  static readonly scheme = 'kimem';
  private readonly entries = new Map<string, Entry>([
    ['/', { type: vscode.FileType.Directory, data: new Uint8Array(0), mtime: Date.now() }],
  ]);
  private readonly emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.emitter.event;

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  private entry(uri: vscode.Uri): Entry {
    const e = this.entries.get(uri.path);
    if (e === undefined) throw vscode.FileSystemError.FileNotFound(uri);
    return e;
  }

  private parentExists(uri: vscode.Uri): void {
    const parent = uri.path.slice(0, uri.path.lastIndexOf('/')) || '/';
    if (this.entries.get(parent)?.type !== vscode.FileType.Directory) throw vscode.FileSystemError.FileNotFound(uri.with({ path: parent }));
  }

  stat(uri: vscode.Uri): vscode.FileStat {
    const e = this.entry(uri);
    return { type: e.type, ctime: e.mtime, mtime: e.mtime, size: e.data.length };
  }

  readDirectory(uri: vscode.Uri): [string, vscode.FileType][] {
    const prefix = uri.path === '/' ? '/' : `${uri.path}/`;
    return [...this.entries]
      .filter(([p]) => p !== uri.path && p.startsWith(prefix) && !p.slice(prefix.length).includes('/'))
      .map(([p, e]) => [p.slice(prefix.length), e.type]);
  }

  createDirectory(uri: vscode.Uri): void {
    this.parentExists(uri);
    this.entries.set(uri.path, { type: vscode.FileType.Directory, data: new Uint8Array(0), mtime: Date.now() });
  }

  readFile(uri: vscode.Uri): Uint8Array {
    const e = this.entry(uri);
    if (e.type !== vscode.FileType.File) throw vscode.FileSystemError.FileIsADirectory(uri);
    return e.data;
  }

  writeFile(uri: vscode.Uri, content: Uint8Array, options: { create: boolean; overwrite: boolean }): void {
    const existing = this.entries.get(uri.path);
    if (existing === undefined && !options.create) throw vscode.FileSystemError.FileNotFound(uri);
    if (existing !== undefined && options.create && !options.overwrite) throw vscode.FileSystemError.FileExists(uri);
    this.parentExists(uri);
    this.entries.set(uri.path, { type: vscode.FileType.File, data: content.slice(), mtime: Date.now() });
    this.emitter.fire([{ type: existing === undefined ? vscode.FileChangeType.Created : vscode.FileChangeType.Changed, uri }]);
  }

  delete(uri: vscode.Uri): void {
    this.entry(uri);
    for (const p of [...this.entries.keys()]) if (p === uri.path || p.startsWith(`${uri.path}/`)) this.entries.delete(p);
    this.emitter.fire([{ type: vscode.FileChangeType.Deleted, uri }]);
  }

  rename(from: vscode.Uri, to: vscode.Uri, options: { overwrite: boolean }): void {
    const e = this.entry(from);
    if (this.entries.has(to.path) && !options.overwrite) throw vscode.FileSystemError.FileExists(to);
    this.parentExists(to);
    this.entries.delete(from.path);
    this.entries.set(to.path, e);
    this.emitter.fire([
      { type: vscode.FileChangeType.Deleted, uri: from },
      { type: vscode.FileChangeType.Created, uri: to },
    ]);
  }
}
