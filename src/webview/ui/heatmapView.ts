/** The heatmap section: the tensor's 2-D view in colour, with its colour scale and a caption on what is shown. */
import { drawColorScale, drawHeatmap, type ChartTheme } from '../chart/draw';
import { formatNumber, ordinal } from '../chart/scale';
import type { DetailsResult } from '../compute/analysis';
import { h, setText } from './dom';

export class HeatmapView {
  readonly root: HTMLElement;
  private readonly heatmap: HTMLCanvasElement;
  private readonly colorScale: HTMLCanvasElement;
  private readonly caption: HTMLParagraphElement;
  private readonly scaleMin: HTMLSpanElement;
  private readonly scaleMax: HTMLSpanElement;

  constructor() {
    this.heatmap = h('canvas', { id: 'heatmap', class: 'heatmap', role: 'img', 'aria-label': 'Heatmap of the tensor’s 2-D view' });
    this.colorScale = h('canvas', { id: 'color-scale', class: 'color-scale', 'aria-hidden': 'true' });
    this.caption = h('p', { id: 'heatmap-caption', class: 'doc' });
    this.scaleMin = h('span', { id: 'scale-min' });
    this.scaleMax = h('span', { id: 'scale-max' });
    this.root = h(
      'section',
      { id: 'heatmap-section', class: 'section', 'aria-labelledby': 'heatmap-heading' },
      h('h2', { id: 'heatmap-heading' }, 'Heatmap'),
      this.caption,
      h('div', { class: 'heatmap-box' }, this.heatmap),
      h('div', { class: 'scale-row' }, this.scaleMin, this.colorScale, this.scaleMax),
    );
  }

  /** Nothing to show (the configuration failed). */
  clear(): void {
    setText(this.caption, 'No values: see the error above.');
    this.heatmap.width = 0;
  }

  draw(hm: DetailsResult['heatmap'], theme: ChartTheme): void {
    if (hm && hm.shownRows > 0 && hm.shownCols > 0) {
      drawHeatmap(this.heatmap, hm.values, hm.shownRows, hm.shownCols, hm.limit, theme);
      drawColorScale(this.colorScale, theme);
      this.heatmap.classList.toggle('wide', hm.shownCols >= hm.shownRows);
      const strides = [
        hm.rowStride > 1 ? `every ${ordinal(hm.rowStride)} row` : '',
        hm.colStride > 1 ? `every ${ordinal(hm.colStride)} column` : '',
      ].filter((x) => x !== '');
      const stride = strides.length > 0 ? `; ${strides.join(' and ')} shown` : '';
      const partialRows = hm.availableRows < hm.rows ? `; the first ${hm.availableRows} of ${hm.rows} rows were sampled` : '';
      const saturated =
        hm.limit < hm.maxAbs
          ? `; colours saturate beyond ±${formatNumber(hm.limit)} (3 × the root mean square; the largest |value| is ${formatNumber(hm.maxAbs)})`
          : '';
      setText(this.caption, `values${hm.slice}: ${hm.rows} × ${hm.cols}${stride}${partialRows}${saturated}.`);
      setText(this.scaleMin, formatNumber(-hm.limit));
      setText(this.scaleMax, formatNumber(hm.limit));
      this.heatmap.setAttribute(
        'aria-label',
        `Heatmap of values${hm.slice}, ${hm.rows} by ${hm.cols}, colours from ${formatNumber(-hm.limit)} to ${formatNumber(hm.limit)}`,
      );
    } else {
      this.heatmap.width = 0;
      setText(this.caption, 'Nothing to show: the tensor is empty.');
    }
  }
}
