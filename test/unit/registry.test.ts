/**
 * The registry against Keras: its ids, defaults and config keys must be the ones real Keras
 * reported (test/fixtures/keras-numpy/aliases.json), and every argument, choice and dtype it
 * advertises must be accepted by the initializers themselves.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CLASS_NAMES,
  CoreError,
  REGISTRY,
  SUPPORTED_DTYPES,
  allInitializerIds,
  createInitializer,
  describe,
  getInitializer,
  registryEntry,
  sample,
  type RegistryEntry,
} from '../../src/core';

interface AliasCase {
  identifier: string;
  class?: string;
  config?: Record<string, unknown>;
  error?: unknown;
  probe?: boolean;
}

const aliases = (
  JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'keras-numpy', 'aliases.json'), 'utf8')) as { cases: AliasCase[] }
).cases;

/** A shape each initializer accepts. */
function shapeFor(e: RegistryEntry): number[] {
  return e.className === 'STFT' ? [8, 1, 5] : [4, 3];
}

/** Constructor arguments that make any class callable (Constant needs nothing, Orthogonal a seed). */
function make(e: RegistryEntry, extra: Record<string, unknown> = {}) {
  return createInitializer(e.className, { ...(e.seeded ? { seed: 1 } : {}), ...extra });
}

suite('registry', () => {
  test('one entry per Keras 3 initializer class, found by every id Keras accepts', () => {
    assert.deepEqual(REGISTRY.map((e) => e.className).sort(), [...CLASS_NAMES].sort());
    for (const c of aliases.filter((a) => a.class !== undefined && a.class !== 'Initializer')) {
      assert.equal(registryEntry(c.identifier)?.className, c.class, c.identifier);
    }
    assert.equal(registryEntry('Initializer'), undefined);
    assert.equal(registryEntry('glorot'), undefined);
  });

  test('aliases are exactly the other ids keras.initializers.get accepts for the class', () => {
    for (const e of REGISTRY) {
      const keras = aliases.filter((a) => a.class === e.className && !a.probe).map((a) => a.identifier);
      // Constant's ids are accepted names even though get() without a value fails.
      if (e.className === 'Constant') {
        keras.push(...aliases.filter((a) => /^[Cc]onstant$/.test(a.identifier) && !a.probe).map((a) => a.identifier));
      }
      assert.deepEqual([e.className, ...e.aliases].sort(), [...new Set(keras)].sort(), e.className);
    }
    assert.equal(new Set(allInitializerIds()).size, allInitializerIds().length);
  });

  test("defaults and config keys are Keras's (get_config of keras.initializers.get(snake_case))", () => {
    for (const e of REGISTRY.filter((x) => x.className !== 'Constant')) {
      const keras = aliases.find((a) => a.identifier === e.aliases[0] && a.config !== undefined);
      assert.ok(keras?.config, e.className);
      assert.deepEqual(e.configKeys, Object.keys(keras.config), `${e.className} config keys in Keras's order`);
      for (const arg of e.args) {
        if (arg.name in keras.config) assert.deepEqual(arg.default, keras.config[arg.name], `${e.className}.${arg.name}`);
      }
    }
    // Not in any Keras config: Constant's value and Identity's gain default (Keras source: 0.0 and 1.0).
    assert.equal(registryEntry('Constant')?.args[0].default, 0.0);
    assert.equal(registryEntry('Identity')?.args[0].default, 1.0);
  });

  test('every argument is a keyword the class accepts; every advertised choice is accepted, others refused', () => {
    for (const e of REGISTRY) {
      for (const arg of e.args) {
        if (arg.type === 'seed' || arg.type === 'axes') continue;
        assert.doesNotThrow(() => make(e, { [arg.name]: arg.default }), `${e.className}.${arg.name}=${String(arg.default)}`);
        for (const choice of arg.choices ?? []) {
          const init = make(e, { [arg.name]: choice });
          assert.doesNotThrow(() => sample(init, shapeFor(e)), `${e.className}.${arg.name}=${String(choice)}`);
        }
        if (arg.type === 'enum') {
          assert.throws(() => make(e, { [arg.name]: 'not_a_choice' }), CoreError, `${e.className}.${arg.name}`);
        }
      }
      assert.throws(() => make(e, { not_an_argument: 1 }), CoreError);
    }
  });

  test('seeded entries take a seed and change with it; the others ignore it and reject it', () => {
    for (const e of REGISTRY) {
      assert.equal(
        e.seeded,
        e.args.some((a) => a.name === 'seed'),
        e.className,
      );
      assert.equal(e.seeded, e.configKeys.includes('seed'), e.className);
      if (!e.seeded) continue;
      const a = sample(createInitializer(e.className, { seed: 1 }), shapeFor(e));
      const b = sample(createInitializer(e.className, { seed: 2 }), shapeFor(e));
      assert.notDeepEqual(Array.from(a.data), Array.from(b.data), e.className);
    }
  });

  test('advertised dtypes are accepted; the others of the library are refused', () => {
    for (const e of REGISTRY) {
      for (const dtype of SUPPORTED_DTYPES) {
        const call = () => sample(make(e), shapeFor(e), { dtype });
        if (e.dtypes.includes(dtype)) assert.doesNotThrow(call, `${e.className} ${dtype}`);
        else assert.throws(call, CoreError, `${e.className} ${dtype}`);
      }
    }
  });

  test('the law and the use of fans agree with describe()', () => {
    const lawOf: Record<string, string> = {
      normal: 'normal',
      truncated_normal: 'truncated_normal',
      uniform: 'uniform',
      constant: 'constant',
      orthogonal: 'empirical',
      identity: 'empirical',
      stft: 'empirical',
    };
    for (const e of REGISTRY) {
      assert.equal(describe(make(e), shapeFor(e)).law?.kind, lawOf[e.law], e.className);
      // A fan-based law changes with the shape; the others do not.
      const small = describe(make(e), e.className === 'STFT' ? [8, 1, 5] : [4, 3]);
      const large = describe(make(e), e.className === 'STFT' ? [8, 1, 5] : [400, 300]);
      const differs = JSON.stringify(small.law) !== JSON.stringify(large.law);
      assert.equal(differs, e.usesFans, e.className);
    }
  });

  test('Keras-2-only names are listed and rejected by Keras 3', () => {
    const listed = REGISTRY.flatMap((e) => e.keras2OnlyNames);
    assert.ok(listed.includes('GlorotUniformV2') && listed.includes('he_normalV2'));
    for (const name of listed) {
      assert.throws(
        () => getInitializer(name),
        (err: unknown) => err instanceof CoreError && err.message === `Could not interpret initializer identifier: ${name}`,
      );
    }
  });

  test('plain data: documented, linked, PyTorch equivalents consistent, JSON round-trips', () => {
    for (const e of REGISTRY) {
      assert.ok(e.summary.length > 0 && e.formula.length > 0, e.className);
      assert.ok(
        e.args.every((a) => a.doc.length > 0),
        e.className,
      );
      assert.ok(e.docUrl.startsWith('https://keras.io/api/layers/initializers/'), e.className);
      assert.equal(e.pytorch.call === null, e.pytorch.match === 'none', e.className);
      if (e.pytorch.call !== null) assert.ok(e.pytorch.call.startsWith('torch.nn.init.'), e.className);
      assert.ok(e.keras2Notes.length > 0, e.className);
    }
    assert.deepEqual(JSON.parse(JSON.stringify(REGISTRY)), REGISTRY);
    assert.ok(Object.isFrozen(REGISTRY) && Object.isFrozen(REGISTRY[0]));
  });
});
