/**
 * Disposal as VS Code's own extensions do it: a base class that owns what it registers, and a
 * `disposeAll` that disposes every item even when some throw, then reports all the failures at once.
 */
import type * as vscode from 'vscode';

/**
 * Disposes every item (emptying an array it is given), whatever some of them throw; then, if any threw,
 * throws one AggregateError holding every error in order.
 */
export function disposeAll(disposables: Iterable<vscode.Disposable>): void {
  const errors: unknown[] = [];
  const items = Array.isArray(disposables) ? disposables.splice(0) : [...disposables];
  for (const disposable of items) {
    try {
      disposable.dispose();
    } catch (e) {
      errors.push(e);
    }
  }
  if (errors.length > 0) {
    throw new AggregateError(errors, `${errors.length} of ${items.length} disposables threw while being disposed`);
  }
}

/** An object that owns disposables: `_register` them, and `dispose()` releases them all once. */
export abstract class Disposable implements vscode.Disposable {
  private _isDisposed = false;
  protected _disposables: vscode.Disposable[] = [];

  public dispose(): void {
    if (this._isDisposed) return;
    this._isDisposed = true;
    disposeAll(this._disposables);
  }

  protected _register<T extends vscode.Disposable>(value: T): T {
    if (this._isDisposed) value.dispose();
    else this._disposables.push(value);
    return value;
  }

  protected get isDisposed(): boolean {
    return this._isDisposed;
  }
}
