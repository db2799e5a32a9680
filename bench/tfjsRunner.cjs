// tfjs side of `npm run bench`, in its own process: the pure-JavaScript CPU backend of
// @tensorflow/tfjs running its own initializers (tf.initializers.*). Reads one JSON job from argv[2],
// prints one JSON result: {"times_ms": [...], "info": {...}}. Its numbers differ from Keras's (other
// random streams, no truncation correction); only the time is compared.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a plain CommonJS script run by node directly */

const job = JSON.parse(process.argv[2]);

// tfjs greets Node users on stdout/stderr; keep stdout for the result.
const log = console.log;
console.log = () => undefined;
console.warn = () => undefined;
const tf = require('@tensorflow/tfjs');

const MAKERS = {
  RandomUniform: () => tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: job.seed }),
  RandomNormal: () => tf.initializers.randomNormal({ mean: 0, stddev: 0.05, seed: job.seed }),
  HeNormal: () => tf.initializers.heNormal({ seed: job.seed }),
  GlorotUniform: () => tf.initializers.glorotUniform({ seed: job.seed }),
  Orthogonal: () => tf.initializers.orthogonal({ gain: 1, seed: job.seed }),
};

async function main() {
  await tf.setBackend('cpu');
  await tf.ready();
  const once = () => {
    const t = MAKERS[job.name]().apply(job.shape, 'float32');
    t.dataSync();
    t.dispose();
  };
  for (let i = 0; i < job.warmup; i++) once();
  const times = [];
  for (let i = 0; i < job.repeats; i++) {
    const t0 = performance.now();
    once();
    times.push(performance.now() - t0);
  }
  log(JSON.stringify({ times_ms: times, info: { tfjs: tf.version.tfjs, backend: tf.getBackend() } }));
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e) + '\n');
  process.exit(1);
});
