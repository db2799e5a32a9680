/**
 * The activation-propagation comparison: the same probe batch through two stacks of `depth` Dense
 * layers (width × width kernels, no bias) with one activation, one stack initialized by the panel's
 * configuration (A) and one by another initializer with its defaults (B). Layer k's kernel is call k
 * of `initializer(seed=SeedGenerator(seed))`, as a Keras model gets when one SeedGenerator-seeded
 * instance initializes every layer. Kernels are float32 (Keras's floatx). Results stream per layer.
 */
import {
  SeedGenerator,
  createInitializer,
  propagationSteps,
  sample,
  type Activation,
  type ClassName,
  type KerasInitializer,
  type LayerStatistics,
  type WeightSource,
} from '../../core/index';
import type { PreviewConfig, PropagationSettings } from '../../protocol/previewConfig';
import { defaultArgs } from '../../protocol/previewConfig';
import { errorText, initializerKwargs } from './initializerFromConfig';

/** Bins of each layer's histogram. */
export const LAYER_BINS = 40;

export interface PropagationRequest {
  readonly jobId: number;
  readonly config: PreviewConfig;
  readonly settings: PropagationSettings;
}

/** One layer's statistics, ready to post (plain numbers and one typed array). */
export interface LayerSummary extends Pick<
  LayerStatistics,
  'layer' | 'mean' | 'std' | 'min' | 'max' | 'zeroFraction' | 'deadUnitFraction'
> {
  readonly lo: number;
  readonly hi: number;
  readonly counts: Float64Array;
}

export type PropagationResult =
  | { readonly kind: 'layer'; readonly jobId: number; readonly side: 'a' | 'b'; readonly summary: LayerSummary }
  | { readonly kind: 'done'; readonly jobId: number; readonly computeMs: number }
  | { readonly kind: 'failure'; readonly jobId: number; readonly side: 'a' | 'b' | null; readonly message: string };

export interface PropagationHooks {
  now(): number;
  pause(): Promise<void>;
  isCurrent(): boolean;
  emit(result: PropagationResult): void;
}

/** The B side's label and initializer: `compareWith` with Keras's defaults and the panel's seed. */
export function comparisonConfig(config: PreviewConfig, compareWith: ClassName): PreviewConfig {
  return {
    ...config,
    className: compareWith,
    args: defaultArgs(compareWith),
    seed: { kind: 'generator', value: config.seed.value, callIndex: 0 },
  };
}

function summarize(s: LayerStatistics): LayerSummary {
  return {
    layer: s.layer,
    mean: s.mean,
    std: s.std,
    min: s.min,
    max: s.max,
    zeroFraction: s.zeroFraction,
    deadUnitFraction: s.deadUnitFraction,
    lo: s.histogram.lo,
    hi: s.histogram.hi,
    counts: Float64Array.from(s.histogram.counts),
  };
}

/** Layer k's kernel: call k of the initializer seeded with a SeedGenerator, as float32. */
function weightSource(config: PreviewConfig): { init: KerasInitializer; weights: WeightSource } {
  const kwargs = initializerKwargs(config);
  if ('seed' in kwargs) kwargs.seed = new SeedGenerator({ seed: config.seed.value });
  const init = createInitializer(config.className, kwargs);
  return {
    init,
    weights: (layer, fanIn, fanOut) => {
      const t = sample(init, [fanIn, fanOut], { dtype: 'float32', callIndex: layer });
      if (!(t.data instanceof Float32Array || t.data instanceof Float64Array) || t.data.length !== fanIn * fanOut) {
        throw new Error(`${config.className} does not make a ${fanIn} × ${fanOut} Dense kernel (it returns shape (${t.shape.join(', ')}))`);
      }
      return t.data;
    },
  };
}

/** Runs both stacks a layer at a time, alternating, so both curves grow together. Never throws. */
export async function runPropagation(request: PropagationRequest, hooks: PropagationHooks): Promise<void> {
  const { jobId, config, settings } = request;
  const started = hooks.now();
  const sides: { side: 'a' | 'b'; config: PreviewConfig }[] = [
    { side: 'a', config },
    { side: 'b', config: comparisonConfig(config, settings.compareWith) },
  ];
  const runs: { side: 'a' | 'b'; className: string; steps: Generator<LayerStatistics, void, void> }[] = [];
  for (const { side, config: c } of sides) {
    try {
      const { weights } = weightSource(c);
      runs.push({
        side,
        className: c.className,
        steps: propagationSteps({
          layers: settings.depth,
          width: settings.width,
          batch: settings.batch,
          activation: settings.activation as Activation,
          input: settings.input,
          seed: 0,
          bins: LAYER_BINS,
          weights,
        }),
      });
    } catch (e) {
      hooks.emit({ kind: 'failure', jobId, side, message: `${c.className}: ${errorText(e)}` });
    }
  }
  const active = new Set(runs);
  while (active.size > 0) {
    for (const run of [...active]) {
      try {
        const next = run.steps.next();
        if (next.done) active.delete(run);
        else hooks.emit({ kind: 'layer', jobId, side: run.side, summary: summarize(next.value) });
      } catch (e) {
        active.delete(run);
        hooks.emit({ kind: 'failure', jobId, side: run.side, message: `${run.className}: ${errorText(e)}` });
      }
      await hooks.pause();
      if (!hooks.isCurrent()) return;
    }
  }
  hooks.emit({ kind: 'done', jobId, computeMs: hooks.now() - started });
}
