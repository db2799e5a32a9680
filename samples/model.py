"""A sample model that spells Keras weight initializers in many ways.

Hover an initializer to read its law and the values this call gets; run
"Keras Initializers: Open Initializer Preview" to see its distribution.
A few lines below are deliberately wrong, so that diagnostics have something to show.
"""
import keras
import tensorflow as tf
from keras import initializers, layers
from keras.initializers import GlorotUniform, HeNormal, Orthogonal

# Keras 3: string ids in initializer arguments.
dense_relu = layers.Dense(256, activation="relu", kernel_initializer="he_normal", bias_initializer="zeros")
dense_tanh = layers.Dense(128, activation="tanh", kernel_initializer="glorot_uniform")

# Keras 3: classes with arguments, through the module and through imported names.
conv = layers.Conv2D(64, 3, kernel_initializer=keras.initializers.HeUniform(seed=7))
embedding = layers.Embedding(10_000, 64, embeddings_initializer=initializers.RandomUniform(minval=-0.05, maxval=0.05))
lstm = layers.LSTM(32, kernel_initializer=GlorotUniform(), recurrent_initializer=Orthogonal(gain=1.0))
scaled = layers.Dense(
    64,
    kernel_initializer=keras.initializers.VarianceScaling(scale=2.0, mode="fan_out", distribution="truncated_normal"),
)
truncated = layers.Dense(32, kernel_initializer=initializers.TruncatedNormal(mean=0.0, stddev=0.02))
square = layers.Dense(64, kernel_initializer=keras.initializers.Identity(gain=0.5))

# Looked up by name, and rebuilt from a config dict.
lecun = initializers.get("lecun_normal")
from_config = initializers.get({"class_name": "VarianceScaling", "config": {"scale": 1.0, "mode": "fan_avg", "distribution": "uniform"}})

# tf.keras spellings: function aliases and classes.
tf_dense = tf.keras.layers.Dense(64, kernel_initializer=tf.keras.initializers.he_normal())
tf_normal = tf.keras.layers.Dense(64, kernel_initializer=tf.keras.initializers.RandomNormal(mean=0.0, stddev=0.05, seed=1))

# In Keras 3 a seeded instance draws the same values every call: both layers get identical kernels.
shared_init = HeNormal(seed=42)
first = layers.Dense(64, kernel_initializer=shared_init)
second = layers.Dense(64, kernel_initializer=shared_init)

# Mistakes: an unknown id, a Keras-2-only name, and an invalid mode.
typo = layers.Dense(16, kernel_initializer="glorot")
legacy = layers.Dense(16, kernel_initializer=tf.keras.initializers.HeNormalV2())
bad_mode = keras.initializers.VarianceScaling(mode="fan_sum")


class ScaledDense(keras.layers.Layer):
    """A custom layer that creates its weights with add_weight(initializer=...)."""

    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units), initializer="glorot_normal", name="kernel")
        self.scale = self.add_weight(shape=(self.units,), initializer=keras.initializers.Constant(0.5), name="scale")
        self.bias = self.add_weight(shape=(self.units,), initializer="zeros", name="bias")

    def call(self, inputs):
        return (inputs @ self.kernel) * self.scale + self.bias


model = keras.Sequential([keras.Input(shape=(784,)), dense_relu, dense_tanh, ScaledDense(10)])
