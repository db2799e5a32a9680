/**
 * The configuration: the initializer picker with its one-line summary (at the top of the panel), and
 * the compact form under the histogram: the arguments (generated from the registry) in a collapsible
 * section whose summary lists their values, shape with presets (and where the shape came from), dtype
 * and seed (int or SeedGenerator with its call index, randomize) on one wrapping row, then the sample
 * size and the follow-the-cursor toggle. Native, labelled controls only, so everything is reachable by
 * keyboard. Text fields commit on change (Enter or leaving the field); a value that cannot be parsed is
 * reported next to its field and not applied.
 */
import { CLASS_NAMES, SUPPORTED_DTYPES, assertNever, registryEntry, type ArgSpec, type ClassName, type DType } from '../../core/index';
import {
  CALL_INDEX_MAX,
  SAMPLE_SIZE_MAX,
  SAMPLE_SIZE_MIN,
  SEED_LIMIT,
  configurableArgs,
  isClassName,
  isDType,
  isSeeded,
  type ArgValue,
  type PreviewState,
} from '../../protocol/previewConfig';
import { argumentsSummary, pyFloat } from '../pythonCode';
import {
  SHAPE_PRESETS,
  axesText,
  codeSpans,
  parseAxesText,
  parseFloatText,
  parseIntegerText,
  parseShapeText,
  presetOf,
  shapeText,
  type Action,
  type Parsed,
} from '../state';
import { h, select, setText } from './dom';

export interface ControlsHost {
  dispatch(action: Action): void;
  randomizeSeed(): void;
}

const NONE = '\u0000none';

/** The label of an initializer option: class and snake_case id, e.g. "HeNormal (he_normal)". */
function initializerLabel(className: ClassName): string {
  const id = registryEntry(className)?.aliases[0];
  return id ? `${className} (${id})` : className;
}

function errorSlot(id: string): HTMLElement {
  return h('div', { id: `${id}-error`, class: 'field-error', role: 'alert' });
}

export class Controls {
  /** The initializer picker and its summary, at the top of the panel. */
  readonly picker: HTMLElement;
  /** The rest of the form, under the histogram. */
  readonly root: HTMLElement;
  private readonly initializer: HTMLSelectElement;
  private readonly argsDetails: HTMLDetailsElement;
  private readonly argsSummary: HTMLElement;
  private readonly args: HTMLElement;
  private readonly shapeSource: HTMLElement;
  private readonly summary: HTMLElement;
  private readonly shape: HTMLInputElement;
  private readonly preset: HTMLSelectElement;
  private readonly dtype: HTMLSelectElement;
  private readonly seedGroup: HTMLFieldSetElement;
  private readonly seed: HTMLInputElement;
  private readonly seedKind: HTMLSelectElement;
  private readonly callIndex: HTMLInputElement;
  private readonly callIndexField: HTMLElement;
  private readonly sampleSize: HTMLInputElement;
  private readonly followCursor: HTMLInputElement;
  private argsFor: ClassName | undefined;

  constructor(private readonly host: ControlsHost) {
    this.initializer = select(
      'initializer',
      undefined,
      CLASS_NAMES.map((c) => [c, initializerLabel(c)] as const),
    );
    this.initializer.addEventListener('change', () => {
      if (isClassName(this.initializer.value)) host.dispatch({ type: 'setInitializer', className: this.initializer.value });
    });
    this.summary = h('p', { id: 'initializer-summary', class: 'doc one-line' });
    this.initializer.setAttribute('aria-describedby', 'initializer-summary');
    this.args = h('fieldset', { id: 'args', class: 'args' });
    this.argsSummary = h('span', { id: 'args-summary', class: 'args-values' });
    this.argsDetails = h(
      'details',
      { id: 'args-details', class: 'args-details' },
      h('summary', {}, h('span', { class: 'summary-title' }, 'Arguments'), ' ', this.argsSummary),
      this.args,
    );
    this.shapeSource = h('p', { id: 'shape-source', class: 'doc shape-source', hidden: true });

    this.shape = h('input', {
      id: 'shape',
      type: 'text',
      inputmode: 'numeric',
      spellcheck: 'false',
      autocomplete: 'off',
      placeholder: 'e.g. 784, 256',
      title: 'Dimensions separated by commas, e.g. 784, 256',
      'aria-describedby': 'shape-error shape-source shape-help',
    });
    this.shape.addEventListener('change', () =>
      this.commit('shape', parseShapeText(this.shape.value), (shape) => ({ type: 'setShape', shape })),
    );
    this.preset = select('shape-preset', 'Shape preset', [
      ['custom', 'Custom shape'],
      ...SHAPE_PRESETS.map((p) => [p.id, p.label] as const),
    ]);
    this.preset.addEventListener('change', () => {
      const preset = SHAPE_PRESETS.find((p) => p.id === this.preset.value);
      if (preset) host.dispatch({ type: 'setShape', shape: preset.shape });
    });

    this.dtype = select(
      'dtype',
      undefined,
      SUPPORTED_DTYPES.map((d) => [d, d] as const),
    );
    this.dtype.addEventListener('change', () => {
      if (isDType(this.dtype.value)) host.dispatch({ type: 'setDtype', dtype: this.dtype.value as DType });
    });

    this.seed = h('input', {
      id: 'seed',
      type: 'text',
      inputmode: 'numeric',
      spellcheck: 'false',
      autocomplete: 'off',
      'aria-describedby': 'seed-error',
    });
    this.seed.addEventListener('change', () =>
      this.commit('seed', parseIntegerText(this.seed.value, -SEED_LIMIT, SEED_LIMIT), (value) => ({ type: 'setSeed', value })),
    );
    const randomize = h('button', { id: 'randomize-seed', type: 'button', class: 'secondary', title: 'Draw a new seed' }, 'Randomize');
    randomize.addEventListener('click', () => host.randomizeSeed());
    this.seedKind = select('seed-kind', undefined, [
      ['int', 'int: fixed values'],
      ['generator', 'SeedGenerator: new per call'],
    ]);
    this.seedKind.title = 'seed=int gives the same values on every call; seed=SeedGenerator(seed) new values per call';
    this.seedKind.addEventListener('change', () => {
      const kind = this.seedKind.value === 'generator' ? 'generator' : 'int';
      host.dispatch({ type: 'setSeedKind', kind });
    });
    this.callIndex = h('input', {
      id: 'call-index',
      type: 'text',
      inputmode: 'numeric',
      autocomplete: 'off',
      'aria-describedby': 'call-index-error call-index-help',
    });
    this.callIndex.addEventListener('change', () =>
      this.commit('call-index', parseIntegerText(this.callIndex.value, 0, CALL_INDEX_MAX), (callIndex) => ({
        type: 'setCallIndex',
        callIndex,
      })),
    );
    this.callIndex.title = 'The k-th call (from 0) of the initializer: a SeedGenerator advances on each call.';
    this.callIndexField = h(
      'div',
      { class: 'field field-call-index' },
      h('label', { for: 'call-index' }, 'Call index'),
      this.callIndex,
      h(
        'small',
        { id: 'call-index-help', class: 'visually-hidden' },
        'The k-th call (from 0) of the initializer: a SeedGenerator advances on each call.',
      ),
      errorSlot('call-index'),
    );
    this.seedGroup = h(
      'fieldset',
      { id: 'seed-group', class: 'seed field-seed' },
      h('legend', { class: 'visually-hidden' }, 'Seed'),
      h(
        'div',
        { class: 'field field-seed-value' },
        h('label', { for: 'seed' }, 'Seed'),
        h('div', { class: 'row' }, this.seed, randomize),
        errorSlot('seed'),
      ),
      h('div', { class: 'field field-seed-kind' }, h('label', { for: 'seed-kind' }, 'Passed as'), this.seedKind),
      this.callIndexField,
    );

    this.sampleSize = h('input', {
      id: 'sample-size',
      type: 'text',
      inputmode: 'numeric',
      autocomplete: 'off',
      'aria-describedby': 'sample-size-error sample-size-help',
    });
    this.sampleSize.addEventListener('change', () =>
      this.commit(
        'sample-size',
        parseIntegerText(this.sampleSize.value.replace(/,/g, ''), SAMPLE_SIZE_MIN, SAMPLE_SIZE_MAX),
        (sampleSize) => ({ type: 'setSampleSize', sampleSize }),
      ),
    );
    this.followCursor = h('input', { id: 'follow-cursor', type: 'checkbox' });
    this.followCursor.addEventListener('change', () => host.dispatch({ type: 'setFollowCursor', enabled: this.followCursor.checked }));

    this.picker = h(
      'div',
      { id: 'picker', class: 'picker' },
      h('div', { class: 'picker-row' }, h('label', { for: 'initializer' }, 'Initializer'), this.initializer),
      this.summary,
    );
    this.root = h(
      'section',
      { id: 'controls', class: 'controls', 'aria-label': 'Configuration' },
      this.argsDetails,
      h(
        'div',
        { class: 'inline-row' },
        h(
          'div',
          { class: 'field field-shape' },
          h('label', { for: 'shape' }, 'Shape'),
          h('div', { class: 'row' }, this.shape, this.preset),
          h('small', { id: 'shape-help', class: 'visually-hidden' }, 'Dimensions separated by commas, e.g. 784, 256'),
          errorSlot('shape'),
          this.shapeSource,
        ),
        h('div', { class: 'field field-dtype' }, h('label', { for: 'dtype' }, 'dtype'), this.dtype),
        this.seedGroup,
      ),
      h(
        'div',
        { class: 'inline-row' },
        h(
          'div',
          { class: 'field field-sample-size' },
          h('label', { for: 'sample-size' }, 'Sample size'),
          this.sampleSize,
          h(
            'small',
            { id: 'sample-size-help', class: 'doc' },
            `First values of the tensor, ${SAMPLE_SIZE_MIN.toLocaleString('en-US')} to ${SAMPLE_SIZE_MAX.toLocaleString('en-US')}`,
          ),
          errorSlot('sample-size'),
        ),
        h(
          'div',
          { class: 'field checkbox field-follow' },
          this.followCursor,
          h('label', { for: 'follow-cursor' }, 'Follow the initializer under the cursor'),
        ),
      ),
    );
  }

  /** Applies a parsed field value, or shows why it cannot be. */
  private commit<T>(id: string, parsed: Parsed<T>, action: (value: T) => Action): void {
    this.setFieldError(id, parsed.ok ? undefined : parsed.error);
    if (parsed.ok) this.host.dispatch(action(parsed.value));
  }

  private setFieldError(id: string, message: string | undefined): void {
    const slot = document.getElementById(`${id}-error`);
    const input = document.getElementById(id);
    if (slot) setText(slot, message ?? '');
    if (input) {
      if (message === undefined) input.removeAttribute('aria-invalid');
      else input.setAttribute('aria-invalid', 'true');
    }
  }

  /** Shows `state`; the argument fields are rebuilt only when the initializer changes. */
  update(state: PreviewState): void {
    const { config } = state;
    this.initializer.value = config.className;
    const summary = registryEntry(config.className)?.summary ?? '';
    setText(this.summary, summary);
    this.summary.title = summary;
    if (this.argsFor !== config.className) this.buildArgs(config.className);
    for (const spec of configurableArgs(config.className)) this.showArg(spec, config.args[spec.name] ?? spec.default);
    setText(this.argsSummary, argumentsSummary(config));
    this.showShapeSource(config.shapeSource);
    if (document.activeElement !== this.shape || this.shape.getAttribute('aria-invalid') === null) {
      this.shape.value = shapeText(config.shape);
    }
    this.preset.value = presetOf(config.shape) ?? 'custom';
    this.dtype.value = config.dtype;
    const seeded = isSeeded(config.className);
    this.seedGroup.disabled = !seeded;
    this.seedGroup.classList.toggle('inactive', !seeded);
    this.seed.value = String(config.seed.value);
    this.seedKind.value = config.seed.kind;
    this.callIndexField.hidden = config.seed.kind !== 'generator';
    this.callIndex.value = config.seed.kind === 'generator' ? String(config.seed.callIndex) : '0';
    this.sampleSize.value = String(config.sampleSize);
    this.followCursor.checked = state.followCursor;
    for (const id of ['shape', 'seed', 'call-index', 'sample-size']) this.setFieldError(id, undefined);
  }

  private buildArgs(className: ClassName): void {
    this.argsFor = className;
    const specs = configurableArgs(className);
    this.args.replaceChildren(h('legend', { class: 'visually-hidden' }, 'Arguments'));
    this.argsDetails.hidden = specs.length === 0;
    for (const spec of specs) this.args.append(this.argField(spec));
  }

  /** Where the shape came from, under the shape field; hidden when the shape is the user's. */
  private showShapeSource(source: string | undefined): void {
    const text = source ?? '';
    this.shapeSource.hidden = text === '';
    if (this.shapeSource.textContent === text) return;
    this.shapeSource.replaceChildren(...codeSpans(text).map((span) => (span.code ? h('code', {}, span.text) : span.text)));
  }

  private argField(spec: ArgSpec): HTMLElement {
    const id = `arg-${spec.name}`;
    const doc = h('small', { id: `${id}-doc`, class: 'doc' }, spec.constraint ? `${spec.doc} (${spec.constraint})` : spec.doc);
    let control: HTMLElement;
    switch (spec.type) {
      case 'bool': {
        const input = h('input', { id, type: 'checkbox', 'aria-describedby': `${id}-doc` });
        input.addEventListener('change', () => this.host.dispatch({ type: 'setArg', name: spec.name, value: input.checked }));
        return h('div', { class: 'field checkbox', 'data-arg': spec.name }, input, h('label', { for: id }, spec.name), doc);
      }
      case 'enum':
      case 'window': {
        const choices = (spec.choices ?? []).map((c) => [c ?? NONE, c ?? 'None'] as const);
        const input = select(id, undefined, choices);
        input.setAttribute('aria-describedby', `${id}-doc`);
        input.addEventListener('change', () =>
          this.host.dispatch({ type: 'setArg', name: spec.name, value: input.value === NONE ? null : input.value }),
        );
        control = input;
        break;
      }
      case 'axes': {
        const input = h('input', {
          id,
          type: 'text',
          spellcheck: 'false',
          autocomplete: 'off',
          'aria-describedby': `${id}-doc ${id}-error`,
        });
        input.addEventListener('change', () =>
          this.commit(id, parseAxesText(input.value), (value) => ({ type: 'setArg', name: spec.name, value })),
        );
        control = input;
        break;
      }
      case 'float':
      case 'seed': {
        // configurableArgs leaves `seed` out (it has its own control); were it here, it would be a number field.
        const input = h('input', {
          id,
          type: 'text',
          inputmode: 'decimal',
          spellcheck: 'false',
          autocomplete: 'off',
          'aria-describedby': `${id}-doc ${id}-error`,
        });
        input.addEventListener('change', () =>
          this.commit(id, parseFloatText(input.value), (value) => ({ type: 'setArg', name: spec.name, value })),
        );
        control = input;
        break;
      }
      default:
        return assertNever(spec.type);
    }
    return h('div', { class: 'field', 'data-arg': spec.name }, h('label', { for: id }, spec.name), control, doc, errorSlot(id));
  }

  private showArg(spec: ArgSpec, value: ArgValue): void {
    const element = document.getElementById(`arg-${spec.name}`);
    if (element instanceof HTMLInputElement && element.type === 'checkbox') {
      element.checked = value === true;
    } else if (element instanceof HTMLSelectElement) {
      const wanted = value === null ? NONE : String(value);
      // A value from the editor that Keras will reject still shows (Keras's message explains it).
      if (![...element.options].some((o) => o.value === wanted)) {
        element.append(h('option', { value: wanted, 'data-foreign': 'true' }, String(value)));
      }
      element.value = wanted;
    } else if (element instanceof HTMLInputElement) {
      element.value = spec.type === 'axes' ? axesText(value) : typeof value === 'number' ? pyFloat(value) : String(value);
      this.setFieldError(element.id, undefined);
    }
  }
}
