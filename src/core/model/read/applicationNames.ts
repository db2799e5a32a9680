/**
 * The automatic names each keras.applications builder takes (Keras 3.16.0, recorded by
 * test/fixtures/keras-models/application_names.py): counts per snake_case prefix, for the argument
 * variants that change them. `plain`: include_top=False; `avg` / `max`: with that pooling; `top`:
 * include_top=True; `plainRaw` / `topRaw`: the same with include_preprocessing=False. A variant left
 * out names the same layers as `plain` (`topRaw`: as `top`). The builder's own keras.Input (taken when
 * no input_tensor is given) is not counted here.
 */
export interface ApplicationNames {
  /** The model's default name; absent where the builder makes it (MobileNet: `mobilenet_1.00_224`). */
  readonly name?: string;
  /** Channels of its output with include_top=False and pooling (`avg` / `max`), at its default alpha. */
  readonly features: number;
  readonly plain: Readonly<Record<string, number>>;
  readonly avg?: Readonly<Record<string, number>>;
  readonly max?: Readonly<Record<string, number>>;
  readonly top?: Readonly<Record<string, number>>;
  readonly plainRaw?: Readonly<Record<string, number>>;
  readonly topRaw?: Readonly<Record<string, number>>;
}

export const APPLICATION_NAMES: Readonly<Record<string, ApplicationNames>> = {
  ConvNeXtBase: {
    name: 'convnext_base',
    features: 1024,
    plain: { add: 36, functional: 4, input_layer: 4, layer_normalization: 1, variable: 36 },
    avg: { add: 36, functional: 4, global_average_pooling2d: 1, input_layer: 4, layer_normalization: 1, variable: 36 },
    max: { add: 36, functional: 4, global_max_pooling2d: 1, input_layer: 4, layer_normalization: 1, variable: 36 },
    top: { add: 36, functional: 4, input_layer: 4, variable: 36 },
  },
  ConvNeXtLarge: {
    name: 'convnext_large',
    features: 1536,
    plain: { add: 36, functional: 4, input_layer: 4, layer_normalization: 1, variable: 36 },
    avg: { add: 36, functional: 4, global_average_pooling2d: 1, input_layer: 4, layer_normalization: 1, variable: 36 },
    max: { add: 36, functional: 4, global_max_pooling2d: 1, input_layer: 4, layer_normalization: 1, variable: 36 },
    top: { add: 36, functional: 4, input_layer: 4, variable: 36 },
  },
  ConvNeXtSmall: {
    name: 'convnext_small',
    features: 768,
    plain: { add: 36, functional: 4, input_layer: 4, layer_normalization: 1, variable: 36 },
    avg: { add: 36, functional: 4, global_average_pooling2d: 1, input_layer: 4, layer_normalization: 1, variable: 36 },
    max: { add: 36, functional: 4, global_max_pooling2d: 1, input_layer: 4, layer_normalization: 1, variable: 36 },
    top: { add: 36, functional: 4, input_layer: 4, variable: 36 },
  },
  ConvNeXtTiny: {
    name: 'convnext_tiny',
    features: 768,
    plain: { add: 18, functional: 4, input_layer: 4, layer_normalization: 1, variable: 18 },
    avg: { add: 18, functional: 4, global_average_pooling2d: 1, input_layer: 4, layer_normalization: 1, variable: 18 },
    max: { add: 18, functional: 4, global_max_pooling2d: 1, input_layer: 4, layer_normalization: 1, variable: 18 },
    top: { add: 18, functional: 4, input_layer: 4, variable: 18 },
  },
  ConvNeXtXLarge: {
    name: 'convnext_xlarge',
    features: 2048,
    plain: { add: 36, functional: 4, input_layer: 4, layer_normalization: 1, variable: 36 },
    avg: { add: 36, functional: 4, global_average_pooling2d: 1, input_layer: 4, layer_normalization: 1, variable: 36 },
    max: { add: 36, functional: 4, global_max_pooling2d: 1, input_layer: 4, layer_normalization: 1, variable: 36 },
    top: { add: 36, functional: 4, input_layer: 4, variable: 36 },
  },
  DenseNet121: {
    name: 'densenet121',
    features: 1024,
    plain: { zero_padding2d: 2 },
  },
  DenseNet169: {
    name: 'densenet169',
    features: 1664,
    plain: { zero_padding2d: 2 },
  },
  DenseNet201: {
    name: 'densenet201',
    features: 1920,
    plain: { zero_padding2d: 2 },
  },
  EfficientNetB0: {
    name: 'efficientnetb0',
    features: 1280,
    plain: { normalization: 1, rescaling: 1 },
  },
  EfficientNetB1: {
    name: 'efficientnetb1',
    features: 1280,
    plain: { normalization: 1, rescaling: 1 },
  },
  EfficientNetB2: {
    name: 'efficientnetb2',
    features: 1408,
    plain: { normalization: 1, rescaling: 1 },
  },
  EfficientNetB3: {
    name: 'efficientnetb3',
    features: 1536,
    plain: { normalization: 1, rescaling: 1 },
  },
  EfficientNetB4: {
    name: 'efficientnetb4',
    features: 1792,
    plain: { normalization: 1, rescaling: 1 },
  },
  EfficientNetB5: {
    name: 'efficientnetb5',
    features: 2048,
    plain: { normalization: 1, rescaling: 1 },
  },
  EfficientNetB6: {
    name: 'efficientnetb6',
    features: 2304,
    plain: { normalization: 1, rescaling: 1 },
  },
  EfficientNetB7: {
    name: 'efficientnetb7',
    features: 2560,
    plain: { normalization: 1, rescaling: 1 },
  },
  EfficientNetV2B0: {
    name: 'efficientnetv2-b0',
    features: 1280,
    plain: { normalization: 1, rescaling: 1 },
    plainRaw: {},
    topRaw: {},
  },
  EfficientNetV2B1: {
    name: 'efficientnetv2-b1',
    features: 1280,
    plain: { normalization: 1, rescaling: 1 },
    plainRaw: {},
    topRaw: {},
  },
  EfficientNetV2B2: {
    name: 'efficientnetv2-b2',
    features: 1408,
    plain: { normalization: 1, rescaling: 1 },
    plainRaw: {},
    topRaw: {},
  },
  EfficientNetV2B3: {
    name: 'efficientnetv2-b3',
    features: 1536,
    plain: { normalization: 1, rescaling: 1 },
    plainRaw: {},
    topRaw: {},
  },
  EfficientNetV2L: {
    name: 'efficientnetv2-l',
    features: 1280,
    plain: { rescaling: 1 },
    plainRaw: {},
    topRaw: {},
  },
  EfficientNetV2M: {
    name: 'efficientnetv2-m',
    features: 1280,
    plain: { rescaling: 1 },
    plainRaw: {},
    topRaw: {},
  },
  EfficientNetV2S: {
    name: 'efficientnetv2-s',
    features: 1280,
    plain: { rescaling: 1 },
    plainRaw: {},
    topRaw: {},
  },
  InceptionResNetV2: {
    name: 'inception_resnet_v2',
    features: 1536,
    plain: { activation: 203, average_pooling2d: 1, batch_normalization: 203, conv2d: 203, custom_scale_layer: 40, max_pooling2d: 4 },
    avg: {
      activation: 203,
      average_pooling2d: 1,
      batch_normalization: 203,
      conv2d: 203,
      custom_scale_layer: 40,
      global_average_pooling2d: 1,
      max_pooling2d: 4,
    },
    max: {
      activation: 203,
      average_pooling2d: 1,
      batch_normalization: 203,
      conv2d: 203,
      custom_scale_layer: 40,
      global_max_pooling2d: 1,
      max_pooling2d: 4,
    },
  },
  InceptionV3: {
    name: 'inception_v3',
    features: 2048,
    plain: { activation: 94, average_pooling2d: 9, batch_normalization: 94, concatenate: 2, conv2d: 94, max_pooling2d: 4 },
    avg: {
      activation: 94,
      average_pooling2d: 9,
      batch_normalization: 94,
      concatenate: 2,
      conv2d: 94,
      global_average_pooling2d: 1,
      max_pooling2d: 4,
    },
    max: {
      activation: 94,
      average_pooling2d: 9,
      batch_normalization: 94,
      concatenate: 2,
      conv2d: 94,
      global_max_pooling2d: 1,
      max_pooling2d: 4,
    },
  },
  MobileNet: {
    features: 1024,
    plain: {},
    avg: { global_average_pooling2d: 1 },
    max: { global_max_pooling2d: 1 },
    top: { global_average_pooling2d: 1 },
  },
  MobileNetV2: {
    features: 1280,
    plain: {},
    avg: { global_average_pooling2d: 1 },
    max: { global_max_pooling2d: 1 },
    top: { global_average_pooling2d: 1 },
  },
  MobileNetV3Large: {
    name: 'MobileNetV3Large',
    features: 960,
    plain: { activation: 20, add: 8, multiply: 8, re_lu: 19, rescaling: 1 },
    top: { activation: 21, add: 8, dropout: 1, flatten: 1, global_average_pooling2d: 1, multiply: 8, re_lu: 19, rescaling: 1 },
    plainRaw: { activation: 20, add: 8, multiply: 8, re_lu: 19 },
    topRaw: { activation: 21, add: 8, dropout: 1, flatten: 1, global_average_pooling2d: 1, multiply: 8, re_lu: 19 },
  },
  MobileNetV3Small: {
    name: 'MobileNetV3Small',
    features: 576,
    plain: { activation: 18, add: 9, multiply: 9, re_lu: 14, rescaling: 1 },
    top: { activation: 19, add: 9, dropout: 1, flatten: 1, global_average_pooling2d: 1, multiply: 9, re_lu: 14, rescaling: 1 },
    plainRaw: { activation: 18, add: 9, multiply: 9, re_lu: 14 },
    topRaw: { activation: 19, add: 9, dropout: 1, flatten: 1, global_average_pooling2d: 1, multiply: 9, re_lu: 14 },
  },
  NASNetLarge: {
    name: 'nasnet_large',
    features: 4032,
    plain: { activation: 260, add: 4, concatenate: 4, cropping2d: 4, zero_padding2d: 4 },
    avg: { activation: 260, add: 4, concatenate: 4, cropping2d: 4, global_average_pooling2d: 1, zero_padding2d: 4 },
    max: { activation: 260, add: 4, concatenate: 4, cropping2d: 4, global_max_pooling2d: 1, zero_padding2d: 4 },
    top: { activation: 260, add: 4, concatenate: 4, cropping2d: 4, global_average_pooling2d: 1, zero_padding2d: 4 },
  },
  NASNetMobile: {
    name: 'nasnet_mobile',
    features: 1056,
    plain: { activation: 188, add: 4, concatenate: 4, cropping2d: 4, zero_padding2d: 4 },
    avg: { activation: 188, add: 4, concatenate: 4, cropping2d: 4, global_average_pooling2d: 1, zero_padding2d: 4 },
    max: { activation: 188, add: 4, concatenate: 4, cropping2d: 4, global_max_pooling2d: 1, zero_padding2d: 4 },
    top: { activation: 188, add: 4, concatenate: 4, cropping2d: 4, global_average_pooling2d: 1, zero_padding2d: 4 },
  },
  ResNet101: {
    name: 'resnet101',
    features: 2048,
    plain: {},
  },
  ResNet101V2: {
    name: 'resnet101v2',
    features: 2048,
    plain: { max_pooling2d: 3 },
  },
  ResNet152: {
    name: 'resnet152',
    features: 2048,
    plain: {},
  },
  ResNet152V2: {
    name: 'resnet152v2',
    features: 2048,
    plain: { max_pooling2d: 3 },
  },
  ResNet50: {
    name: 'resnet50',
    features: 2048,
    plain: {},
  },
  ResNet50V2: {
    name: 'resnet50v2',
    features: 2048,
    plain: { max_pooling2d: 3 },
  },
  VGG16: {
    name: 'vgg16',
    features: 512,
    plain: {},
    avg: { global_average_pooling2d: 1 },
    max: { global_max_pooling2d: 1 },
  },
  VGG19: {
    name: 'vgg19',
    features: 512,
    plain: {},
    avg: { global_average_pooling2d: 1 },
    max: { global_max_pooling2d: 1 },
  },
  Xception: {
    name: 'xception',
    features: 2048,
    plain: { add: 12, batch_normalization: 4, conv2d: 4 },
    avg: { add: 12, batch_normalization: 4, conv2d: 4, global_average_pooling2d: 1 },
    max: { add: 12, batch_normalization: 4, conv2d: 4, global_max_pooling2d: 1 },
  },
};
