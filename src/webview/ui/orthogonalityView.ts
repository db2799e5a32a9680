/** Orthogonal's section: how far the sampled matrix is from orthogonal (hidden for other initializers). */
import { formatNumber } from '../chart/scale';
import type { DetailsResult } from '../compute/analysis';
import { h, setText } from './dom';

export class OrthogonalityView {
  readonly root: HTMLElement;
  private readonly text: HTMLParagraphElement;

  constructor() {
    this.text = h('p', { id: 'orthogonality-text' });
    this.root = h(
      'section',
      { id: 'orthogonality', class: 'section', hidden: true, 'aria-labelledby': 'orthogonality-heading' },
      h('h2', { id: 'orthogonality-heading' }, 'Orthogonality'),
      this.text,
    );
  }

  hide(): void {
    this.root.hidden = true;
  }

  show(orth: DetailsResult['orthogonality']): void {
    this.root.hidden = orth === null;
    if (orth) {
      setText(
        this.text,
        `With Q = values / gain: max-abs error max |(${orth.gram} − I)ᵢⱼ| = ${formatNumber(orth.maxAbs, 3)}; Frobenius error ‖${orth.gram} − I‖_F = ${formatNumber(orth.frobenius, 3)} (the values are float32, whose unit roundoff is 6e−8).`,
      );
    }
  }
}
