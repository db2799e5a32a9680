"""ResNet-50 (He et al. 2015) written out with the functional API, as keras.applications builds it:
25.6 million parameters, 53 convolutions with BatchNormalization, for the model-weights bench."""
import keras
from keras import layers


def block(x, filters, kernel_size=3, stride=1, conv_shortcut=True, name=None):
    if conv_shortcut:
        shortcut = layers.Conv2D(4 * filters, 1, strides=stride, name=name + "_0_conv")(x)
        shortcut = layers.BatchNormalization(axis=3, epsilon=1.001e-5, name=name + "_0_bn")(shortcut)
    else:
        shortcut = x
    x = layers.Conv2D(filters, 1, strides=stride, name=name + "_1_conv")(x)
    x = layers.BatchNormalization(axis=3, epsilon=1.001e-5, name=name + "_1_bn")(x)
    x = layers.Activation("relu", name=name + "_1_relu")(x)
    x = layers.Conv2D(filters, kernel_size, padding="same", name=name + "_2_conv")(x)
    x = layers.BatchNormalization(axis=3, epsilon=1.001e-5, name=name + "_2_bn")(x)
    x = layers.Activation("relu", name=name + "_2_relu")(x)
    x = layers.Conv2D(4 * filters, 1, name=name + "_3_conv")(x)
    x = layers.BatchNormalization(axis=3, epsilon=1.001e-5, name=name + "_3_bn")(x)
    x = layers.Add(name=name + "_add")([shortcut, x])
    return layers.Activation("relu", name=name + "_out")(x)


def stack(x, filters, blocks, stride1=2, name=None):
    x = block(x, filters, stride=stride1, name=name + "_block1")
    for i in range(2, blocks + 1):
        x = block(x, filters, conv_shortcut=False, name=name + "_block" + str(i))
    return x


inputs = keras.Input(shape=(224, 224, 3))
x = layers.ZeroPadding2D(padding=((3, 3), (3, 3)), name="conv1_pad")(inputs)
x = layers.Conv2D(64, 7, strides=2, name="conv1_conv")(x)
x = layers.BatchNormalization(axis=3, epsilon=1.001e-5, name="conv1_bn")(x)
x = layers.Activation("relu", name="conv1_relu")(x)
x = layers.ZeroPadding2D(padding=((1, 1), (1, 1)), name="pool1_pad")(x)
x = layers.MaxPooling2D(3, strides=2, name="pool1_pool")(x)
x = stack(x, 64, 3, stride1=1, name="conv2")
x = stack(x, 128, 4, name="conv3")
x = stack(x, 256, 6, name="conv4")
x = stack(x, 512, 3, name="conv5")
x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
outputs = layers.Dense(1000, activation="softmax", name="predictions")(x)
model = keras.Model(inputs, outputs, name="resnet50")
