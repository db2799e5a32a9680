"""Twelve tanh layers drawn from RandomNormal(stddev=0.05): "Keras Initializers: Check Model Initialization" shows the activations fade."""
import keras
from keras import initializers, layers

deep = keras.Sequential(
    [keras.Input(shape=(256,))]
    + [layers.Dense(256, activation="tanh", kernel_initializer=initializers.RandomNormal(stddev=0.05)) for _ in range(12)]
)
