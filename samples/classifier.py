"""An MNIST-sized classifier for "Keras Initializers: Show Model Summary" (or click the CodeLens above it)."""
import keras
from keras import layers

classifier = keras.Sequential(
    [
        keras.Input(shape=(784,)),
        layers.Dense(256, activation="relu", kernel_initializer="he_normal"),
        layers.Dense(128, activation="relu"),
        layers.BatchNormalization(),
        layers.Dense(10, activation="softmax", kernel_initializer=keras.initializers.GlorotUniform(seed=42)),
    ]
)
