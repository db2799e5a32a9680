import keras
from keras import layers

model = keras.Sequential([
    layers.Dense(256, activation="relu", kernel_initializer="he_normal"),
    layers.Dense(10, kernel_initializer=keras.initializers.GlorotUniform(seed=42)),
])
