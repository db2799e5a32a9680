import keras
import tensorflow as tf
from keras import initializers, layers

model = keras.Sequential(
    [
        keras.Input((12,)),
        layers.Dense(8, kernel_initializer=keras.initializers.GlorotUniform(seed=1)),
        layers.Dense(8, kernel_initializer=tf.keras.initializers.RandomNormal(stddev=0.02, seed=7), bias_initializer=initializers.Constant(0.1)),
        layers.Dense(4, kernel_initializer=initializers.HeNormal(seed=42), bias_initializer=initializers.RandomUniform(-0.05, 0.05, seed=3)),
        layers.Dense(4, kernel_initializer="he_normal"),
        layers.Dense(2, kernel_initializer=initializers.TruncatedNormal(mean=0.0, stddev=0.1, seed=2024)),
    ]
)

rnn = keras.Sequential(
    [
        keras.Input((5, 3)),
        layers.LSTM(4, kernel_initializer=initializers.GlorotNormal(seed=11), recurrent_initializer=initializers.Orthogonal(seed=12)),
        layers.Dense(1, kernel_initializer=initializers.LecunUniform(seed=13)),
    ]
)

conv = keras.Sequential(
    [
        keras.Input((8, 8, 2)),
        layers.Conv2D(3, 3, kernel_initializer=initializers.VarianceScaling(scale=2.0, mode="fan_out", distribution="uniform", seed=21)),
        layers.SeparableConv2D(4, 3, depthwise_initializer=initializers.HeUniform(seed=22), pointwise_initializer=initializers.LecunNormal(seed=23)),
        layers.Flatten(),
    ]
)

embedding = keras.Sequential([keras.Input((6,), dtype="int32"), layers.Embedding(10, 3, embeddings_initializer=initializers.RandomUniform(seed=24))])
