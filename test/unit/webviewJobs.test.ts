import * as assert from 'node:assert/strict';
import { defaultArgs, defaultConfig } from '../../src/protocol/previewConfig';
import { JobRunner, isJobReply, isJobRequest, slicedScheduler, type JobReply } from '../../src/webview/compute/jobs';

suite('panel jobs (worker and in-page runner)', () => {
  test('a newer analysis supersedes the running one: only the newer job’s results are posted', async () => {
    const replies: JobReply[] = [];
    const runner = new JobRunner(slicedScheduler(0), (r) => replies.push(r));
    const big = { ...defaultConfig(), className: 'HeNormal' as const, args: defaultArgs('HeNormal'), shape: [1000, 1000] };
    const small = { ...defaultConfig(), shape: [10, 10] };
    const first = runner.run({ type: 'analyze', request: { jobId: 1, config: big } });
    const second = runner.run({ type: 'analyze', request: { jobId: 2, config: small } });
    await Promise.all([first, second]);
    assert.deepEqual(
      replies.map((r) => (r.type === 'analysis' ? `${r.result.jobId}:${r.result.kind}` : r.type)),
      ['2:distribution', '2:details'],
    );
  });

  test('analysis and propagation run side by side: one does not supersede the other', async () => {
    const replies: JobReply[] = [];
    const runner = new JobRunner(slicedScheduler(0), (r) => replies.push(r));
    const config = { ...defaultConfig(), shape: [16, 16] };
    const settings = {
      open: true,
      depth: 2,
      width: 8,
      batch: 8,
      activation: 'relu' as const,
      input: 'normal' as const,
      compareWith: 'HeNormal' as const,
    };
    await Promise.all([
      runner.run({ type: 'propagate', request: { jobId: 1, config, settings } }),
      runner.run({ type: 'analyze', request: { jobId: 1, config } }),
    ]);
    assert.ok(replies.some((r) => r.type === 'analysis' && r.result.kind === 'details'));
    assert.ok(replies.some((r) => r.type === 'propagation' && r.result.kind === 'done'));
  });

  test('the sliced scheduler yields only once a slice is used up', async () => {
    let now = 0;
    const scheduler = slicedScheduler(8, () => now);
    let resumed = false;
    void scheduler.pause().then(() => (resumed = true));
    await Promise.resolve();
    assert.equal(resumed, true, 'within the slice: no yield');
    now = 9;
    let later = false;
    const pending = scheduler.pause().then(() => (later = true));
    await Promise.resolve();
    assert.equal(later, false, 'past the slice: resumes from the event loop');
    await pending;
    assert.equal(later, true);
  });

  test('worker messages are checked', () => {
    assert.equal(isJobReply({ type: 'hello' }), true);
    assert.equal(isJobReply({ type: 'analysis', result: { kind: 'failure', jobId: 3, message: 'x' } }), true);
    for (const bad of [
      null,
      {},
      { type: 'hello', x: 1 },
      { type: 'analysis', result: { kind: 'layer', jobId: 1 } },
      { type: 'analysis', result: { kind: 'details', jobId: 0 } },
      { type: 'propagation' },
    ]) {
      assert.equal(isJobReply(bad), false, JSON.stringify(bad));
    }
    assert.equal(isJobRequest({ type: 'analyze', request: { jobId: 1, config: defaultConfig() } }), true);
    for (const bad of [
      { type: 'analyze' },
      { type: 'run', request: { jobId: 1 } },
      { type: 'analyze', request: { jobId: -1 } },
      { type: 'analyze', request: [] },
    ]) {
      assert.equal(isJobRequest(bad), false, JSON.stringify(bad));
    }
  });
});
