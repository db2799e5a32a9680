/**
 * Runs the activation-propagation comparison on the engine for the propagation view: restarts it when
 * its section is open and its inputs changed, drops the results of a superseded run, and draws at most
 * once per frame.
 */
import type { PropagationSnapshot } from '../protocol/messages';
import type { PreviewState } from '../protocol/previewConfig';
import { readTheme } from './chart/draw';
import type { PropagationResult } from './compute/propagationRun';
import type { Engine } from './engine';
import type { PropagationView } from './ui/propagationView';

export class PropagationRunner {
  private jobId = 0;
  private key = '';
  private done = false;
  private frame = 0;

  constructor(
    private readonly view: PropagationView,
    /** Runs a main-thread drawing step, timed as part of the current render. */
    private readonly timed: (step: () => void) => void,
  ) {}

  /** (Re)starts the propagation when its section is open and its inputs changed (or `force`). */
  maybeStart(engine: Engine | undefined, state: PreviewState, force: boolean): void {
    const p = state.view.propagation;
    if (!p.open || !engine) return;
    const key = JSON.stringify([state.config, p.depth, p.width, p.batch, p.activation, p.input, p.compareWith]);
    if (!force && key === this.key) return;
    this.key = key;
    this.jobId += 1;
    this.done = false;
    this.view.reset(state.config.className, p.compareWith, p.depth);
    engine.propagate({ jobId: this.jobId, config: state.config, settings: { ...p } });
  }

  onResult(result: PropagationResult): void {
    if (result.jobId !== this.jobId) return;
    switch (result.kind) {
      case 'layer':
        this.view.add(result.side, result.summary);
        break;
      case 'failure':
        this.view.setStatus(`${result.side === 'b' ? 'B' : 'A'}: ${result.message}`);
        break;
      case 'done':
        this.done = true;
        this.view.setStatus(`Done in ${Math.round(result.computeMs)} ms.`);
        break;
    }
    // Drawing once per frame keeps a fast run from redrawing for every layer.
    if (this.frame === 0) {
      this.frame = requestAnimationFrame(() => {
        this.frame = 0;
        this.timed(() => this.view.draw(readTheme()));
      });
    }
  }

  /** What the section shows, when it is open. */
  snapshot(state: PreviewState): PropagationSnapshot | null {
    return state.view.propagation.open ? this.view.snapshot(this.done) : null;
  }
}
