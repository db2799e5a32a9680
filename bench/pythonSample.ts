/**
 * A 5,000-line Keras model file for the editor-latency rows: blocks of layers with every kind of
 * initializer expression the reader recognizes (string ids, `keras.initializers.X(...)`, imported
 * classes, `tf.keras` aliases, dict configs, `initializers.get`, `add_weight`) and a few that the
 * diagnostics flag (an unknown id, a Keras-2 name, an invalid mode, Identity on a conv kernel).
 */

const HEADER = [
  'import keras',
  'import tensorflow as tf',
  'from keras import layers, initializers',
  'from keras.initializers import HeNormal, GlorotUniform, Orthogonal, VarianceScaling',
  '',
  '',
];

function block(i: number): string[] {
  const seed = 1000 + i;
  return [
    `def block_${i}(x, units=${64 + (i % 8) * 32}):`,
    `    """Block ${i}."""`,
    `    x = layers.Dense(256, kernel_initializer="he_normal", bias_initializer="zeros")(x)`,
    `    x = layers.Dense(units, kernel_initializer=HeNormal(seed=${seed}))(x)`,
    `    x = layers.Conv2D(64, 3, kernel_initializer=keras.initializers.GlorotUniform(seed=${seed}))(x)`,
    `    x = layers.Dense(128, kernel_initializer=VarianceScaling(scale=2.0, mode="fan_out", distribution="uniform"))(x)`,
    `    x = layers.LSTM(32, recurrent_initializer="orthogonal", kernel_initializer=tf.keras.initializers.glorot_normal())(x)`,
    `    x = layers.Dense(10, kernel_initializer={"class_name": "RandomNormal", "config": {"stddev": 0.02, "seed": ${seed}}})(x)`,
    i % 50 === 7 ? `    x = layers.Dense(10, kernel_initializer="glorot")(x)  # unknown id` : `    w = initializers.get("lecun_uniform")`,
    i % 50 === 13
      ? `    x = layers.Conv2D(8, 3, kernel_initializer=initializers.Identity())(x)  # not 2-D`
      : `    b = self.add_weight(shape=(units,), initializer="zeros") if False else None`,
    i % 50 === 29 ? `    v = VarianceScaling(mode="fan_sum")  # invalid mode` : `    q = Orthogonal(gain=1.0, seed=${seed})`,
    `    return x`,
    '',
  ];
}

/** The file's text: exactly `lines` lines (each block is 13 lines; the tail is padded with comments). */
export function pythonModelFile(lines = 5000): string {
  const out = [...HEADER];
  for (let i = 0; out.length + 13 <= lines; i++) out.push(...block(i));
  while (out.length < lines) out.push(`# padding line ${out.length + 1}`);
  return out.join('\n') + '\n';
}
