/** Help texts of `keras-init` and its commands. */
import { LAYER_CLASSES, LAYER_SEED_RULE, layerArguments, layerSummary, type LayerClassName } from '../core/index';

export const MAIN_HELP = `keras-init — Keras 3 weight initializers, bit for bit as Keras's numpy backend computes them

Usage:
  keras-init generate <initializer> --shape 784,256 [options]   write one tensor to a file
  keras-init layer <Layer> [layer arguments] [options]          write a layer's variables to one file
  keras-init describe <initializer> [--shape S] [--json]        fans, std or limit, formula
  keras-init list [--json]                                      every initializer and accepted id
  keras-init model <file.py|.ipynb> [--seed S] [-o OUT.weights.h5] [--model NAME]
                                                                a model's initial weights as .weights.h5
  keras-init model <file.py|.ipynb> --summary [--json] [--model NAME] [--seed S]
                                                                a model's layers, weights and laws
  keras-init model <file.py|.ipynb> --check [--batch N] [--seed S] [--input-seed S] [--training] [--json]
                                                                a model's activations and gradients at initialization

Run 'keras-init <command> --help' for a command's options.
Options: -h, --help    --version

<initializer> is a Keras id (he_normal, HeNormal), a Python-style call with literal arguments
("VarianceScaling(scale=2.0, mode='fan_out', distribution='uniform', seed=3)") or a Keras JSON
config ('{"class_name": "HeNormal", "config": {"seed": 42}}').

Exit status: 0 success, 1 failure, 2 usage error, 130 interrupted.
`;

export const GENERATE_HELP = `Usage: keras-init generate <initializer> --shape SHAPE [options]

Writes initializer(shape, dtype) — the values Keras 3's numpy backend returns for that seed — to a
file, streamed chunk by chunk (constant memory), through a temporary file renamed into place only
when complete.

Arguments:
  <initializer>          he_normal, HeNormal, "HeNormal(seed=42)", "VarianceScaling(scale=2.0, mode='fan_out')",
                         or a JSON config '{"class_name": "HeNormal", "config": {"seed": 42}}'

Options:
  -s, --shape SHAPE      784,256  784x256  "(3, 3, 64, 128)"  "[784, 256]"  (required)
      --seed N           the initializer's seed (0 ≤ N < 2^32); without one a seed is drawn and printed
      --seed-call K      the K-th call (from 0) of SeedGenerator(seed): Keras's [seed, K] entropy
      --dtype D          float32 (default), float16 or float64
  -f, --format F         npy, npz, safetensors, json or csv (default: from -o's extension, else npy)
  -o, --output FILE      the file to write (default: a descriptive name such as he_normal_784x256_seed42.npy)
      --force            replace FILE if it exists
      --compress         deflate the .npz members (numpy.savez_compressed)
  -q, --quiet            print only the path written
  -h, --help             this help

The path written is printed on stdout; the seed, notes and progress go to stderr.
Example: keras-init generate he_normal --shape 784x256 --seed 42 -o kernel.npy
`;

export const DESCRIBE_HELP = `Usage: keras-init describe <initializer> [--shape SHAPE] [--json]

Describes what the initializer computes: its config, and with a shape the fans, the std or limit
Keras derives, the law of the values and the formula with the numbers in.

Options:
  -s, --shape SHAPE      the weight's shape (fans are computed from it)
      --json             machine-readable output
  -h, --help             this help
`;

export const LIST_HELP = `Usage: keras-init list [--json]

Lists every Keras 3 initializer with the ids keras.initializers.get accepts for it.

Options:
      --json             machine-readable output
  -h, --help             this help
`;

export const MODEL_HELP = `Usage: keras-init model <file.py|file.ipynb> [--model NAME] [--seed S] [-o OUT.weights.h5] [--force]
       keras-init model <file.py|file.ipynb> --summary [--json] [--model NAME] [--ascii] [--seed S]
       keras-init model <file.py|file.ipynb> --check [--model NAME] [--batch N] [--seed S] [--input-seed S] [--training] [--json]

Without --summary: writes the model's initial weights as a Keras 3 .weights.h5, the file
model.load_weights() reads, with every variable drawn by its initializer as Keras would (default
<model name>.weights.h5, e.g. sequential.weights.h5). An initializer with an explicit integer seed
gives Keras's exact values. Keras draws a fresh random seed for every unseeded initializer; here they
all follow from one seed (--seed S, or one drawn and printed), and variable i of model.weights gets
seed fmix32(S + fmix32(i + 1)) mod 2**32 (MurmurHash3's finalizer): no two variables share a seed and
another S changes every one. LSTM biases get unit_forget_bias's ones. A compiled model also gets the
optimizer's iterations (0) and learning_rate. Sequential, functional and subclassed models (nested
ones and custom layers made of layers included, laid out under their attribute names as Keras saves
them) are written; a layer whose shapes or initializers cannot be known without running the code, or a
compiled subclassed model, stops the write with the reason, and nothing is written. The file goes to a
temporary sibling, is checked, then renamed into place; an existing file is replaced only with --force.

With --check: runs a random batch (default 256 rows; inputs np.random.default_rng(input_seed)
.standard_normal((batch, *shape)).astype("float32"), or .integers(0, input_dim, ...) for an
Embedding; --input-seed default 0) through the model with its initial weights (seeded initializers
exact, unseeded ones from --seed as when writing the weights), in float32 as Keras computes, then a
random unit-variance output gradient (np.random.default_rng([input_seed, 1])) back through it. Prints
per layer the output shape, the activations' mean and std, the % of zeros and of saturated
tanh/sigmoid/softsign outputs, and the gradient's std; then findings (vanishing or exploding
activations and gradients, dead ReLUs, saturation) and, per kernel, the suggested initializer (He
for the ReLU family, LeCun for SELU, Glorot for tanh/sigmoid/softmax/linear). --training runs
BatchNormalization on batch statistics and Dropout with a seeded mask. A layer the check cannot run
stops it (exit status 1) with the reason. --json prints the whole result.

Reads the Keras model a Python file or notebook builds, without running it, and prints what
model.summary() would: each layer of model.layers with its output shape and parameter count, each
weight with its shape, its initializer and the law it draws from for that shape (stddev or limit),
and the total, trainable and non-trainable parameters with their size. Where the reader cannot know
a shape (data read at run time, a function it cannot see), it says why and the counts become '?'.
A notebook's code cells are read in order as one program (IPython % and ! lines are skipped).
With --seed S, it also lists the seed each unseeded random variable would be written with.

Options:
      --seed S           seed of the unseeded initializers (0 to 4294967295; default: drawn and printed)
  -o, --output FILE      the file to write: NAME.weights.h5 (Keras's load_weights), or .npz /
                         .safetensors with one array per variable, keyed by its Keras path
                         (sequential/dense/kernel), in model.weights order, then the optimizer's
      --force            replace an existing file
  -q, --quiet            print only the path written
      --summary          print the summary instead of writing weights
  -m, --model NAME       the variable the model is bound to (default: the last model bound to a
                         variable); its Keras name (model.name) is accepted too
      --json             the summary as JSON (fields below)
      --ascii            draw the table with ASCII characters only
  -h, --help             this help

JSON fields:
  file, name (Keras's model name), variable (or null), kind (sequential | functional | subclassed),
  line, totalParams, trainableParams, nonTrainableParams, totalBytes, trainableBytes,
  nonTrainableBytes (null when some weight is unknown), unknown (why, or null),
  layers: [{ name, className, outputShape ([None → null, ...], or null), params, unknown, line,
             weights: [{ name, path, shape, dtype, trainable, params, initializer, initializerClass,
                         law, fanIn, fanOut, std, limit, valuesStd, lawText, lawUnknown }] }],
  problems: [{ line, type, message }]  (what Keras would raise while building)
  In a notebook, line counts lines of the code cells joined in order, and cell, cellLine (from 1)
  say where that line is. std is the stddev Keras passes to its sampler (before truncation for a
  truncated normal); valuesStd is the standard deviation of the values drawn.

Exit status: 0 success, 1 failure (unreadable file, no model in it, weights not known), 2 usage error.
Examples: keras-init model train.py --seed 42
          keras-init model train.py --summary --model encoder
`;

/** Kebab-case flag of a Keras keyword: kernel_initializer → --kernel-initializer. */
export function flagOf(keyword: string): string {
  return `--${keyword.replace(/_/g, '-')}`;
}

function layerArgLines(className: LayerClassName): string[] {
  return layerArguments(className).map((a) => {
    const value = a.type === 'bool' ? 'true|false' : a.type === 'ints' ? 'K[,K...]' : a.type === 'initializer' ? 'INIT' : 'N';
    const dflt = a.default !== undefined ? ` (default ${String(a.default)})` : a.required ? ' (required)' : '';
    return `  ${`${flagOf(a.name)} ${value}`.padEnd(40)} ${a.doc}${dflt}`;
  });
}

export function layerHelp(className?: LayerClassName): string {
  const head = `Usage: keras-init layer <Layer> [layer arguments] [--seed N] [--dtype D] [-f npz|safetensors] [-o FILE] [--force] [--compress]

Writes every variable a Keras 3 layer creates in build() — Keras's names, shapes, order
(layer.weights, what set_weights expects) and default initializers — into one .npz or .safetensors.
Each variable's initializer can be replaced with --<name>-initializer INIT.

Seeds: Keras gives each unseeded initializer its own random seed. Here ${LAYER_SEED_RULE}.
The base seed is --seed N, or drawn and printed; every seed is recorded in the file's metadata.

Common options:
      --seed N           base seed of the layer's variables
      --dtype D          float32 (default), float16 or float64 (the layer's variable dtype)
  -f, --format F         npz (default) or safetensors
  -o, --output FILE      the file to write (default: a descriptive name such as dense_784x256_seed42.npz)
      --force            replace FILE if it exists
      --compress         deflate the .npz members
  -q, --quiet            print only the path written
  -h, --help             this help (with a layer: its arguments)
`;
  if (className !== undefined) {
    return `${head}\n${className}: ${layerSummary(className)}\n${layerArgLines(className).join('\n')}\n`;
  }
  const layers = LAYER_CLASSES.map((c) => `  ${c.padEnd(20)} ${layerSummary(c)}`);
  return `${head}\nLayers:\n${layers.join('\n')}\n\nExample: keras-init layer LSTM --units 64 --input-dim 32 --seed 7 -o lstm.npz\n`;
}
