/**
 * The automatic names each keras.applications builder takes (Keras 3.16.0, recorded by
 * test/fixtures/keras-models/application_names.py): counts per snake_case prefix, for the argument
 * variants that change them. `plain`: include_top=False; `avg` / `max`: with that pooling; `top`:
 * include_top=True; `plainRaw` / `topRaw`: the same with include_preprocessing=False. A variant left
 * out names the same layers as `plain` (`topRaw`: as `top`). The builder's own keras.Input (taken when
 * no input_tensor is given) is not counted here.
 */
export interface ApplicationNames {
  readonly plain: Readonly<Record<string, number>>;
  readonly avg?: Readonly<Record<string, number>>;
  readonly max?: Readonly<Record<string, number>>;
  readonly top?: Readonly<Record<string, number>>;
  readonly plainRaw?: Readonly<Record<string, number>>;
  readonly topRaw?: Readonly<Record<string, number>>;
}

export const APPLICATION_NAMES: Readonly<Record<string, ApplicationNames>> = {
  ConvNeXtBase: {
    plain: { add: 36, functional: 4, input_layer: 4, layer_normalization: 1, variable: 36 },
    avg: { add: 36, functional: 4, global_average_pooling2d: 1, input_layer: 4, layer_normalization: 1, variable: 36 },
    max: { add: 36, functional: 4, global_max_pooling2d: 1, input_layer: 4, layer_normalization: 1, variable: 36 },
    top: { add: 36, functional: 4, input_layer: 4, variable: 36 },
  },
  ConvNeXtLarge: {
    plain: { add: 36, functional: 4, input_layer: 4, layer_normalization: 1, variable: 36 },
    avg: { add: 36, functional: 4, global_average_pooling2d: 1, input_layer: 4, layer_normalization: 1, variable: 36 },
    max: { add: 36, functional: 4, global_max_pooling2d: 1, input_layer: 4, layer_normalization: 1, variable: 36 },
    top: { add: 36, functional: 4, input_layer: 4, variable: 36 },
  },
  ConvNeXtSmall: {
    plain: { add: 36, functional: 4, input_layer: 4, layer_normalization: 1, variable: 36 },
    avg: { add: 36, functional: 4, global_average_pooling2d: 1, input_layer: 4, layer_normalization: 1, variable: 36 },
    max: { add: 36, functional: 4, global_max_pooling2d: 1, input_layer: 4, layer_normalization: 1, variable: 36 },
    top: { add: 36, functional: 4, input_layer: 4, variable: 36 },
  },
  ConvNeXtTiny: {
    plain: { add: 18, functional: 4, input_layer: 4, layer_normalization: 1, variable: 18 },
    avg: { add: 18, functional: 4, global_average_pooling2d: 1, input_layer: 4, layer_normalization: 1, variable: 18 },
    max: { add: 18, functional: 4, global_max_pooling2d: 1, input_layer: 4, layer_normalization: 1, variable: 18 },
    top: { add: 18, functional: 4, input_layer: 4, variable: 18 },
  },
  ConvNeXtXLarge: {
    plain: { add: 36, functional: 4, input_layer: 4, layer_normalization: 1, variable: 36 },
    avg: { add: 36, functional: 4, global_average_pooling2d: 1, input_layer: 4, layer_normalization: 1, variable: 36 },
    max: { add: 36, functional: 4, global_max_pooling2d: 1, input_layer: 4, layer_normalization: 1, variable: 36 },
    top: { add: 36, functional: 4, input_layer: 4, variable: 36 },
  },
  DenseNet121: {
    plain: { zero_padding2d: 2 },
  },
  DenseNet169: {
    plain: { zero_padding2d: 2 },
  },
  DenseNet201: {
    plain: { zero_padding2d: 2 },
  },
  EfficientNetB0: {
    plain: { normalization: 1, rescaling: 1 },
  },
  EfficientNetB1: {
    plain: { normalization: 1, rescaling: 1 },
  },
  EfficientNetB2: {
    plain: { normalization: 1, rescaling: 1 },
  },
  EfficientNetB3: {
    plain: { normalization: 1, rescaling: 1 },
  },
  EfficientNetB4: {
    plain: { normalization: 1, rescaling: 1 },
  },
  EfficientNetB5: {
    plain: { normalization: 1, rescaling: 1 },
  },
  EfficientNetB6: {
    plain: { normalization: 1, rescaling: 1 },
  },
  EfficientNetB7: {
    plain: { normalization: 1, rescaling: 1 },
  },
  EfficientNetV2B0: {
    plain: { normalization: 1, rescaling: 1 },
    plainRaw: {},
    topRaw: {},
  },
  EfficientNetV2B1: {
    plain: { normalization: 1, rescaling: 1 },
    plainRaw: {},
    topRaw: {},
  },
  EfficientNetV2B2: {
    plain: { normalization: 1, rescaling: 1 },
    plainRaw: {},
    topRaw: {},
  },
  EfficientNetV2B3: {
    plain: { normalization: 1, rescaling: 1 },
    plainRaw: {},
    topRaw: {},
  },
  EfficientNetV2L: {
    plain: { rescaling: 1 },
    plainRaw: {},
    topRaw: {},
  },
  EfficientNetV2M: {
    plain: { rescaling: 1 },
    plainRaw: {},
    topRaw: {},
  },
  EfficientNetV2S: {
    plain: { rescaling: 1 },
    plainRaw: {},
    topRaw: {},
  },
  InceptionResNetV2: {
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
    plain: {},
    avg: { global_average_pooling2d: 1 },
    max: { global_max_pooling2d: 1 },
    top: { global_average_pooling2d: 1 },
  },
  MobileNetV2: {
    plain: {},
    avg: { global_average_pooling2d: 1 },
    max: { global_max_pooling2d: 1 },
    top: { global_average_pooling2d: 1 },
  },
  MobileNetV3Large: {
    plain: { activation: 20, add: 8, multiply: 8, re_lu: 19, rescaling: 1 },
    top: { activation: 21, add: 8, dropout: 1, flatten: 1, global_average_pooling2d: 1, multiply: 8, re_lu: 19, rescaling: 1 },
    plainRaw: { activation: 20, add: 8, multiply: 8, re_lu: 19 },
    topRaw: { activation: 21, add: 8, dropout: 1, flatten: 1, global_average_pooling2d: 1, multiply: 8, re_lu: 19 },
  },
  MobileNetV3Small: {
    plain: { activation: 18, add: 9, multiply: 9, re_lu: 14, rescaling: 1 },
    top: { activation: 19, add: 9, dropout: 1, flatten: 1, global_average_pooling2d: 1, multiply: 9, re_lu: 14, rescaling: 1 },
    plainRaw: { activation: 18, add: 9, multiply: 9, re_lu: 14 },
    topRaw: { activation: 19, add: 9, dropout: 1, flatten: 1, global_average_pooling2d: 1, multiply: 9, re_lu: 14 },
  },
  NASNetLarge: {
    plain: { activation: 260, add: 4, concatenate: 4, cropping2d: 4, zero_padding2d: 4 },
    avg: { activation: 260, add: 4, concatenate: 4, cropping2d: 4, global_average_pooling2d: 1, zero_padding2d: 4 },
    max: { activation: 260, add: 4, concatenate: 4, cropping2d: 4, global_max_pooling2d: 1, zero_padding2d: 4 },
    top: { activation: 260, add: 4, concatenate: 4, cropping2d: 4, global_average_pooling2d: 1, zero_padding2d: 4 },
  },
  NASNetMobile: {
    plain: { activation: 188, add: 4, concatenate: 4, cropping2d: 4, zero_padding2d: 4 },
    avg: { activation: 188, add: 4, concatenate: 4, cropping2d: 4, global_average_pooling2d: 1, zero_padding2d: 4 },
    max: { activation: 188, add: 4, concatenate: 4, cropping2d: 4, global_max_pooling2d: 1, zero_padding2d: 4 },
    top: { activation: 188, add: 4, concatenate: 4, cropping2d: 4, global_average_pooling2d: 1, zero_padding2d: 4 },
  },
  ResNet101: {
    plain: {},
  },
  ResNet101V2: {
    plain: { max_pooling2d: 3 },
  },
  ResNet152: {
    plain: {},
  },
  ResNet152V2: {
    plain: { max_pooling2d: 3 },
  },
  ResNet50: {
    plain: {},
  },
  ResNet50V2: {
    plain: { max_pooling2d: 3 },
  },
  VGG16: {
    plain: {},
    avg: { global_average_pooling2d: 1 },
    max: { global_max_pooling2d: 1 },
  },
  VGG19: {
    plain: {},
    avg: { global_average_pooling2d: 1 },
    max: { global_max_pooling2d: 1 },
  },
  Xception: {
    plain: { add: 12, batch_normalization: 4, conv2d: 4 },
    avg: { add: 12, batch_normalization: 4, conv2d: 4, global_average_pooling2d: 1 },
    max: { add: 12, batch_normalization: 4, conv2d: 4, global_max_pooling2d: 1 },
  },
};
