/** The Python section: the code for the configuration in the chosen spelling, its actions and their notices. */
import type { PanelAction } from '../../protocol/messages';
import type { PreviewState } from '../../protocol/previewConfig';
import type { Action } from '../state';
import { h, select, setText } from './dom';

export interface PythonViewHost {
  dispatch(action: Action): void;
  act(action: PanelAction): void;
}

export class PythonView {
  readonly root: HTMLElement;
  private readonly codeStyle: HTMLSelectElement;
  private readonly code: HTMLElement;
  private readonly notice: HTMLDivElement;

  constructor(host: PythonViewHost) {
    const codeStyle = select('code-style', undefined, [
      ['auto', 'As the editor’s file imports Keras'],
      ['keras', 'Keras 3 (keras.initializers)'],
      ['tf.keras', 'tf.keras (tf.keras.initializers)'],
    ]);
    codeStyle.addEventListener('change', () => {
      const style = codeStyle.value === 'keras' || codeStyle.value === 'tf.keras' ? codeStyle.value : 'auto';
      host.dispatch({ type: 'setCodeStyle', style });
    });
    this.codeStyle = codeStyle;
    const button = (id: string, label: string, action: PanelAction, secondary = false): HTMLButtonElement => {
      const b = h('button', { id, type: 'button', class: secondary ? 'secondary' : undefined }, label);
      b.addEventListener('click', () => host.act(action));
      return b;
    };
    this.code = h('code', { id: 'python-code' });
    this.notice = h('div', { id: 'notice', class: 'notice', role: 'status', 'aria-live': 'polite' });
    this.root = h(
      'section',
      { id: 'python', class: 'section', 'aria-labelledby': 'python-heading' },
      h(
        'div',
        { class: 'section-head' },
        h('h2', { id: 'python-heading' }, 'Python'),
        h('label', { for: 'code-style', class: 'visually-hidden' }, 'Code style'),
        codeStyle,
      ),
      h('pre', { class: 'code' }, this.code),
      h(
        'div',
        { class: 'row actions' },
        button('copy-python', 'Copy', 'copyPython'),
        button('insert-python', 'Insert at cursor', 'insertPython', true),
        button('export-weights', 'Export weights…', 'exportWeights', true),
      ),
      this.notice,
    );
  }

  update(state: PreviewState): void {
    this.codeStyle.value = state.view.codeStyle;
  }

  showCode(code: string): void {
    setText(this.code, code);
  }

  notify(text: string, kind: 'info' | 'error'): void {
    this.notice.classList.toggle('is-error', kind === 'error');
    setText(this.notice, text);
  }
}
