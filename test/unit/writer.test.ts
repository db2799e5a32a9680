/**
 * Atomic writes: nothing ever appears at the target unless complete — with a recording fake file
 * system (every call and its order), and on the real file system through the CLI's Node target
 * (exclusive temporary sibling, no-clobber commit, a full disk, stale temporaries of dead pids).
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  WeightFileError,
  parseTempSiblingName,
  tempSiblingName,
  writeAtomically,
  type AtomicWriteTarget,
  type ByteSink,
} from '../../src/core';
import { nodeAtomicTarget, removeStaleTemporaries } from '../../src/node/nodeAtomicTarget';
import { listDir, tempDir } from './cliSupport';

/** An in-memory target that records every operation. */
function fakeTarget(
  options: { exists?: boolean; existsLater?: boolean; failWriteAt?: number; failClose?: boolean; failOpen?: boolean } = {},
) {
  const log: string[] = [];
  let temp: Uint8Array[] | undefined;
  let committed: Uint8Array | undefined;
  let existsCalls = 0;
  const target: AtomicWriteTarget = {
    display: 'w.npy',
    exists: async () => {
      existsCalls++;
      log.push('exists');
      return options.exists === true || (options.existsLater === true && existsCalls > 1);
    },
    openTemp: async (): Promise<ByteSink> => {
      log.push('openTemp');
      if (options.failOpen) throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
      temp = [];
      let writes = 0;
      return {
        write: async (bytes) => {
          writes++;
          if (writes === options.failWriteAt) {
            log.push('write!');
            throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
          }
          log.push('write');
          temp?.push(bytes.slice());
        },
        close: async () => {
          log.push('close');
          if (options.failClose) throw Object.assign(new Error('EIO: i/o error'), { code: 'EIO' });
        },
      };
    },
    commit: async (overwrite) => {
      log.push(`commit(${overwrite})`);
      committed = Buffer.concat(temp ?? []);
      temp = undefined;
    },
    discardTemp: async () => {
      log.push('discard');
      temp = undefined;
    },
  };
  return { target, log, committed: () => committed, hasTemp: () => temp !== undefined };
}

const PIECES = [new Uint8Array([1, 2]), new Uint8Array([3]), new Uint8Array([4, 5, 6])];

async function rejection(p: Promise<unknown>): Promise<WeightFileError> {
  try {
    await p;
  } catch (e) {
    return e as WeightFileError;
  }
  throw new Error('expected a rejection');
}

suite('writeAtomically (the protocol, on a recording file system)', () => {
  test('complete: temp written, closed, then committed once; progress counts bytes', async () => {
    const f = fakeTarget();
    const progress: number[] = [];
    const bytes = await writeAtomically(f.target, PIECES, { onProgress: (n) => progress.push(n) });
    assert.equal(bytes, 6);
    assert.deepEqual(progress, [2, 3, 6]);
    assert.deepEqual(f.log, ['exists', 'openTemp', 'write', 'write', 'write', 'close', 'exists', 'commit(false)']);
    assert.deepEqual([...(f.committed() ?? [])], [1, 2, 3, 4, 5, 6]);
  });

  test('an existing target without consent: refused before any temporary exists', async () => {
    const f = fakeTarget({ exists: true });
    const e = await rejection(writeAtomically(f.target, PIECES));
    assert.equal(e.code, 'TARGET_EXISTS');
    assert.deepEqual(f.log, ['exists']);
  });

  test('overwrite: the existing target is replaced by the commit, never checked', async () => {
    const f = fakeTarget({ exists: true });
    await writeAtomically(f.target, PIECES, { overwrite: true });
    assert.deepEqual(f.log, ['openTemp', 'write', 'write', 'write', 'close', 'commit(true)']);
  });

  test('a target that appears during the write is not replaced; the temporary is removed', async () => {
    const f = fakeTarget({ existsLater: true });
    const e = await rejection(writeAtomically(f.target, PIECES));
    assert.equal(e.code, 'TARGET_EXISTS');
    assert.deepEqual(f.log.slice(-2), ['exists', 'discard']);
    assert.equal(f.committed(), undefined);
  });

  test('a full disk midway: WRITE_FAILED naming ENOSPC, closed, temporary removed, no commit', async () => {
    const f = fakeTarget({ failWriteAt: 2 });
    const e = await rejection(writeAtomically(f.target, PIECES));
    assert.equal(e.code, 'WRITE_FAILED');
    assert.match(e.message, /Writing w\.npy failed after 2 bytes: the disk is full \(ENOSPC/);
    assert.deepEqual(f.log, ['exists', 'openTemp', 'write', 'write!', 'close', 'discard']);
    assert.equal(f.committed(), undefined);
    assert.equal(f.hasTemp(), false);
  });

  test('a failing close (data not on disk): WRITE_FAILED, temporary removed', async () => {
    const f = fakeTarget({ failClose: true });
    const e = await rejection(writeAtomically(f.target, PIECES));
    assert.equal(e.code, 'WRITE_FAILED');
    assert.deepEqual(f.log.slice(-2), ['close', 'discard']);
    assert.equal(f.committed(), undefined);
  });

  test('an unwritable folder: WRITE_FAILED saying permission denied, nothing to remove', async () => {
    const f = fakeTarget({ failOpen: true });
    const e = await rejection(writeAtomically(f.target, PIECES));
    assert.equal(e.code, 'WRITE_FAILED');
    assert.match(e.message, /Cannot write w\.npy: permission denied/);
    assert.deepEqual(f.log, ['exists', 'openTemp']);
  });

  test('cancel between pieces: CANCELLED, temporary removed, no commit', async () => {
    const f = fakeTarget();
    let asked = 0;
    const e = await rejection(writeAtomically(f.target, PIECES, { isCancelled: () => ++asked > 2 }));
    assert.equal(e.code, 'CANCELLED');
    assert.deepEqual(f.log, ['exists', 'openTemp', 'write', 'write', 'close', 'discard']);
  });

  test('a failure while producing the bytes propagates as is, after the temporary is removed', async () => {
    const f = fakeTarget();
    function* failing(): Generator<Uint8Array> {
      yield new Uint8Array([1]);
      throw new Error('sampling failed');
    }
    const e = await rejection(writeAtomically(f.target, failing()));
    assert.equal((e as Error).message, 'sampling failed');
    assert.deepEqual(f.log.slice(-2), ['close', 'discard']);
  });

  test('temporary names carry the target, the pid and a tag, and read back', () => {
    const name = tempSiblingName('weights.npy', 4242, 'a1b2');
    assert.equal(name, '.weights.npy.keras-init-4242-a1b2.tmp');
    assert.deepEqual(parseTempSiblingName(name), { targetName: 'weights.npy', pid: 4242 });
    assert.equal(parseTempSiblingName('weights.npy'), undefined);
    assert.equal(parseTempSiblingName('.weights.npy.keras-init-0-a1.tmp'), undefined);
  });
});

suite('the Node target (CLI) on the real file system', () => {
  let dir: string;
  setup(() => {
    dir = tempDir('writer');
  });
  teardown(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('while writing only the hidden temporary sibling exists; afterwards only the complete target', async () => {
    const target = path.join(dir, 'w.npy');
    const node = nodeAtomicTarget(target, { pid: 777 });
    assert.match(path.basename(node.tempPath), /^\.w\.npy\.keras-init-777-[0-9a-f]{8}\.tmp$/);
    assert.equal(path.dirname(node.tempPath), dir);
    const seen: string[][] = [];
    async function* pieces(): AsyncGenerator<Uint8Array> {
      yield new Uint8Array([1, 2, 3]);
      seen.push(listDir(dir));
      yield new Uint8Array([4]);
    }
    await writeAtomically(node, pieces());
    assert.deepEqual(seen, [[path.basename(node.tempPath)]]);
    assert.deepEqual(listDir(dir), ['w.npy']);
    assert.deepEqual([...fs.readFileSync(target)], [1, 2, 3, 4]);
  });

  test('ENOSPC from the injected write: no target, no temporary', async () => {
    let n = 0;
    const node = nodeAtomicTarget(path.join(dir, 'w.npy'), {
      hooks: {
        write: async (handle, bytes) => {
          if (++n === 2) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
          await handle.write(bytes);
        },
      },
    });
    const e = await rejection(writeAtomically(node, PIECES));
    assert.equal(e.code, 'WRITE_FAILED');
    assert.match(e.message, /the disk is full/);
    assert.deepEqual(listDir(dir), []);
  });

  test('commit without consent never replaces a file created meanwhile (link, not rename)', async () => {
    const target = path.join(dir, 'w.npy');
    const node = nodeAtomicTarget(target);
    async function* pieces(): AsyncGenerator<Uint8Array> {
      yield new Uint8Array([9]);
      fs.writeFileSync(target, 'someone else');
    }
    // The protocol checks again before committing; the commit itself is no-clobber too.
    const e = await rejection(writeAtomically(node, pieces()));
    assert.equal(e.code, 'TARGET_EXISTS');
    assert.equal(fs.readFileSync(target, 'utf8'), 'someone else');
    assert.deepEqual(listDir(dir), ['w.npy']);
    const direct = nodeAtomicTarget(target);
    const sink = await direct.openTemp();
    await sink.write(new Uint8Array([1]));
    await sink.close();
    const commitError = await rejection(direct.commit(false));
    assert.equal(commitError.code, 'TARGET_EXISTS');
    assert.equal(fs.readFileSync(target, 'utf8'), 'someone else');
    await direct.discardTemp();
    assert.deepEqual(listDir(dir), ['w.npy']);
  });

  test('overwrite replaces the file in one rename', async () => {
    const target = path.join(dir, 'w.npy');
    fs.writeFileSync(target, 'old');
    await writeAtomically(nodeAtomicTarget(target), [new Uint8Array([110, 101, 119])], { overwrite: true });
    assert.equal(fs.readFileSync(target, 'utf8'), 'new');
    assert.deepEqual(listDir(dir), ['w.npy']);
  });

  test('stale temporaries: removed when their pid is dead (a real exited process), kept otherwise', async () => {
    const exited = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(exited.stdout);
    assert.ok(deadPid > 0);
    const stale = tempSiblingName('a.npy', deadPid, 'dead');
    const ours = tempSiblingName('b.npy', process.pid, 'live');
    fs.writeFileSync(path.join(dir, stale), 'x');
    fs.writeFileSync(path.join(dir, ours), 'x');
    fs.writeFileSync(path.join(dir, '.c.npy.tmp'), 'not ours');
    assert.deepEqual(await removeStaleTemporaries(dir), [stale]);
    assert.deepEqual(listDir(dir), ['.c.npy.tmp', ours].sort());
    assert.deepEqual(await removeStaleTemporaries(path.join(dir, 'missing')), []);
  });
});
