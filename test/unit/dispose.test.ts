import * as assert from 'node:assert/strict';
import { Disposable, disposeAll } from '../../src/extension/dispose';

function tracked(log: string[], name: string, error?: Error): { dispose(): void } {
  return {
    dispose: () => {
      log.push(name);
      if (error) throw error;
    },
  };
}

class Owner extends Disposable {
  add<T extends { dispose(): void }>(d: T): T {
    return this._register(d);
  }
}

suite('dispose', () => {
  test('disposeAll disposes every item in order and empties the array', () => {
    const log: string[] = [];
    const items = [tracked(log, 'a'), tracked(log, 'b'), tracked(log, 'c')];
    disposeAll(items);
    assert.deepEqual(log, ['a', 'b', 'c']);
    assert.equal(items.length, 0);
  });

  test('disposeAll disposes all items when some throw, then throws one error holding every failure', () => {
    const log: string[] = [];
    const first = new Error('first');
    const second = new Error('second');
    const items = [tracked(log, 'a', first), tracked(log, 'b'), tracked(log, 'c', second), tracked(log, 'd')];
    assert.throws(
      () => disposeAll(items),
      (e: unknown) => {
        assert.ok(e instanceof AggregateError);
        assert.deepEqual(e.errors, [first, second]);
        return true;
      },
    );
    assert.deepEqual(log, ['a', 'b', 'c', 'd']);
    assert.equal(items.length, 0);
  });

  test('a single failure is still reported as the aggregate', () => {
    const failure = new Error('only');
    assert.throws(
      () => disposeAll([tracked([], 'a', failure)]),
      (e: unknown) => e instanceof AggregateError && e.errors.length === 1 && e.errors[0] === failure,
    );
  });

  test('disposeAll takes any iterable', () => {
    const log: string[] = [];
    disposeAll(new Set([tracked(log, 'a'), tracked(log, 'b')]));
    assert.deepEqual(log, ['a', 'b']);
  });

  test('Disposable disposes what it registered once, and at once what is registered after', () => {
    const log: string[] = [];
    const owner = new Owner();
    const a = tracked(log, 'a');
    assert.equal(owner.add(a), a);
    owner.add(tracked(log, 'b'));
    owner.dispose();
    owner.dispose();
    assert.deepEqual(log, ['a', 'b']);
    owner.add(tracked(log, 'late'));
    assert.deepEqual(log, ['a', 'b', 'late']);
  });

  test('Disposable collects the errors of its registered items', () => {
    const log: string[] = [];
    const owner = new Owner();
    owner.add(tracked(log, 'a', new Error('x')));
    owner.add(tracked(log, 'b'));
    assert.throws(() => owner.dispose(), AggregateError);
    assert.deepEqual(log, ['a', 'b']);
  });
});
