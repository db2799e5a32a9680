/** Public API of the core library (`dist/core.js`). Everything a caller may use is exported here. */
export { CoreError, isCoreError } from './errors';
export { errorText } from './errorText';
export type { CoreErrorCode } from './errors';
export { assertNever } from './assertNever';
export type { FloatDType, Shape, Tensor, TensorData } from './types';
export { CLASS_NAMES, ID_TO_CLASS, KERAS2_ONLY_NAMES, classForId } from './initializers/names';
export type { ClassName } from './initializers/names';

// --- random engine (src/core/random) ---
export { createGenerator, generatorFromBitGenerator } from './random/generator';
export type { Generator } from './random/generator';
export { createSampler } from './random/sampler';
export type { DistributionSpec, Sampler } from './random/sampler';
export { createSeedSequence, kerasSeedEntropy } from './random/seedSequence';
export type { SeedSequence } from './random/seedSequence';
export { createPcg64, pcg64FromState } from './random/pcg64';
export type { Pcg64, Pcg64State } from './random/pcg64';
export type { BitGenerator, FloatArray } from './random/bitGenerator';
export { toFloat16Bits, float16BitsToNumber, toInt32 } from './random/casts';

// --- initializers, registry, config (src/core/initializers, src/core/linalg) ---
export type { DType, IntDType } from './types';
export { SeedGenerator } from './initializers/seed';
export type { ResolvedSeed, SerializedSeedGenerator } from './initializers/seed';
export {
  createInitializer,
  tensorInitializer,
  isKerasInitializer,
  VARIANCE_SCALING_PRESETS,
  CONSTRUCTOR_ARGS,
} from './initializers/initializer';
export type {
  InitializerClassName,
  InitializerKwargs,
  InitializerSpec,
  KerasConfig,
  KerasInitializer,
  PresetKwargs,
  PresetName,
  SeedArg,
  VarianceScalingDistribution,
  VarianceScalingMode,
} from './initializers/initializer';
export { deserialize, getConfig, getInitializer, resolveClassName, serialize } from './initializers/config';
export type { InitializerIdentifier, SerializedInitializer, TensorIdentifier } from './initializers/config';
export {
  MAX_SAMPLE_ELEMENTS,
  TRUNCATED_NORMAL_STD_FACTOR,
  allocateTensorData,
  createSampleStream,
  sample,
  varianceScalingParameters,
} from './initializers/sample';
export type { SampleOptions, SampleStream, VarianceScalingParameters } from './initializers/sample';
export { computeFans } from './initializers/fans';
export type { Fans } from './initializers/fans';
export { SUPPORTED_DTYPES } from './initializers/dtypes';
export { WINDOW_NAMES, getWindow } from './initializers/windows';
export type { StftScaling, StftSide, StftWindow } from './initializers/stft';
export { qrReduced } from './linalg/qr';
export type { ReducedQr } from './linalg/qr';
export { describe } from './initializers/describe';
export { pyFloatRepr } from './initializers/pyFormat';
export type { DescribedLaw, InitializerDescription } from './initializers/describe';
export { REGISTRY, allInitializerIds, registryEntry } from './initializers/registry';
export type { ArgSpec, ArgType, PytorchEquivalent, RegistryEntry, RegistryLaw } from './initializers/registry';

// --- statistics (src/core/stats) ---
export { erf, erfc, normalCdf, normalPdf, normalSf } from './stats/erf';
export {
  EMPIRICAL_LAW,
  KERAS_TRUNCATED_STD_FACTOR,
  KERAS_TRUNCATION_STDS,
  constantLaw,
  lawCdf,
  lawCdfInto,
  lawHasDensity,
  lawMean,
  lawPdf,
  lawPdfCurve,
  lawPdfInto,
  lawStd,
  lawSupport,
  normalLaw,
  pointMassOf,
  truncatedNormalLaw,
  uniformLaw,
  validateLaw,
} from './stats/laws';
export type { Law, LawKind, Support } from './stats/laws';
export { accumulateMoments, computeMoments, createMoments, finalizeMoments, mergeMoments, resetMoments } from './stats/moments';
export type { Moments, MomentsState } from './stats/moments';
export {
  accumulateHistogram,
  chooseHistogramRange,
  createHistogram,
  histogramCenters,
  histogramDensity,
  histogramTotal,
  logScaleValues,
  resetHistogram,
} from './stats/histogram';
export type { Histogram, HistogramCounts, HistogramRange, HistogramSpec, RangeSource } from './stats/histogram';
export { kolmogorovSf, ksDistance, ksDistanceFromHistogram } from './stats/ks';
export type { CdfSource, KsHistogramResult, KsOptions, KsResult } from './stats/ks';
export { ACTIVATIONS, LEAKY_RELU_SLOPE, SELU_ALPHA, SELU_SCALE, activationFunction, isActivation } from './stats/activations';
export type { Activation } from './stats/activations';
export { ProbeRandom, fillInputBatch } from './stats/inputBatch';
export type { InputDistribution } from './stats/inputBatch';
export { comparePropagation, propagateActivations, propagationSteps } from './stats/propagation';
export type { LayerHistogram, LayerStatistics, PropagationOptions, WeightSource } from './stats/propagation';

// --- Python source reader (src/core/python) ---
export { findAllInitializers } from './python/findAllInitializers';
export { findInitializerAt } from './python/findInitializerAt';
export { completionContextAt } from './python/completionContext';
export { importStyle } from './python/importStyle';
export { parseInitializerCall } from './python/parseInitializerCall';
export type { ParsedInitializerCall } from './python/parseInitializerCall';
export type {
  ArgumentInfo,
  CompletionContext,
  FileInitializers,
  ImportStyle,
  InitializerContext,
  InitializerExpression,
  InitializerForm,
  InstanceUse,
  LayerContext,
  PyType,
  PyValue,
  SeedInfo,
  ShapeSource,
  SharedInstance,
  SourceRange,
} from './python/types';

// --- file encoders (src/core/io) ---
export { createEncoder, encode, encodeChunks, encodeChunksAsync } from './io/encode';
export type { EncodeOptions, EncoderOptions } from './io/encode';
export type { WeightEncoder } from './io/weightEncoder';
export { WEIGHT_FORMATS, formatFromFileName, isWeightFormat } from './io/formats';
export type { WeightFormat, WeightFormatInfo } from './io/formats';
export type { JsonValue, TensorInput, TensorSpec, ResolvedTensor, WeightData, WeightDType, WeightMetadata } from './io/tensorSpec';
export { TEXT_FORMAT_MAX_VALUES } from './io/textLimits';
export { SAFETENSORS_MAX_HEADER_BYTES } from './io/safetensors';
export { formatFloat } from './io/floatText';
export { concatBytes } from './io/bytes';

// --- weight files (src/core/weightFiles) ---
export {
  LAYER_CLASSES,
  LAYER_SEED_RULE,
  isLayerClassName,
  layerArguments,
  layerBuildCode,
  layerSummary,
  layerWeights,
  resolveLayerClass,
} from './weightFiles/layerSpecs';
export type {
  LayerArgSpec,
  LayerArgType,
  LayerArgValues,
  LayerClassName,
  LayerVariable,
  LayerVariablePart,
  LayerWeights,
} from './weightFiles/layerSpecs';
export { MAX_SHAPE_VALUES, checkShape, parseShape, shapeLabel, shapeSize } from './weightFiles/shape';
export {
  hasNoSeed,
  initializerFromText,
  initializerFromValue,
  isRandomInitializer,
  seedGeneratorConfig,
  seededInitializer,
  suggestInitializerIds,
  withSeed,
} from './weightFiles/identifier';
export { parseLayerArguments } from './weightFiles/layerArgsText';
export { DEFAULT_CHUNK_VALUES, WEIGHT_FILE_DTYPES, planLayerFile, planTensorFile } from './weightFiles/weightFile';
export {
  MODEL_SEED_RULE,
  ModelWeightsError,
  allocateVariableData,
  defaultModel,
  kerasSnakeCase,
  modelLoadingSnippet,
  planModelArrayFile,
  planModelWeights,
  variableChunks,
  variableSeed,
} from './model/weightsFile';
export type {
  ModelWeightsFormat,
  ModelWeightsPlan,
  PlanModelWeightsOptions,
  PlannedGroup,
  PlannedVariable,
  UnplannableLayer,
  ValuePart,
  ValueSource,
  WeightsFileDType,
} from './model/weightsFile';
export { CHUNKED_MIN_VALUES, checkModelH5, writeModelH5 } from './model/weightsH5Layout';
export type { H5Dataset, H5File, H5Group, H5Library, WriteWeightsH5Options } from './model/weightsH5Layout';
// --- the initialization check (src/core/model/check) ---
export { checkInitialization } from './model/check/check';
export { suggestedInitializer, suggestionGroups } from './model/check/suggestions';
export type { SuggestionGroup } from './model/check/suggestions';
export type {
  CheckFinding,
  CheckLayer,
  CheckOptions,
  CheckResult,
  InitializerEdit,
  InitializerSuggestion,
  TensorStats,
} from './model/check/types';
export type { LayerFileOptions, TensorFileOptions, WeightFilePlan } from './weightFiles/weightFile';
export {
  WeightFileError,
  describeWriteError,
  errorCode,
  parseTempSiblingName,
  targetAppeared,
  tempSiblingName,
  writeAtomically,
} from './weightFiles/atomicWrite';
export type { MessageFormat } from './weightFiles/atomicWrite';
export type { AtomicWriteOptions, AtomicWriteTarget, ByteSink, WeightFileErrorCode } from './weightFiles/atomicWrite';
export {
  defaultLayerFileName,
  defaultTensorFileName,
  extensionOf,
  initializerCallText,
  loadingSnippet,
  pythonPath,
  snakeCase,
} from './weightFiles/naming';

// --- editor docs: hover, completion, diagnostics text (src/core/language) ---
export { englishText } from './language/translate';
export type { Translate } from './language/translate';
export { DEFAULT_HOVER_COMMANDS, commandUri, commandUriArgs } from './language/commands';
export type { HoverCommands } from './language/commands';
export { TYPICAL_FANS, acceptedIds, initializerFacts } from './language/facts';
export type { FanTable, FanTableRow, FanVariable, InitializerCommandArgs, InitializerFacts } from './language/facts';
export { hoverAt, hoverFor, initializerMarkdown, shapeText, signature, unknownMarkdown } from './language/hover';
export type { HoverContent, HoverOptions } from './language/hover';
export { completionsAt, initializerDoc, spellClass } from './language/completion';
export type { CompletionEntry, CompletionKind, CompletionOptions, CompletionResult } from './language/completion';
export { RULES, lintInitializers } from './language/diagnostics';
export type { LintFix, LintOptions, LintProblem, LintRelated, RuleId, Severity, SourceEdit } from './language/diagnostics';
export { editDistance, suggestNames } from './language/suggest';

// --- model reader: layers, shapes and weights of Keras models in a file (src/core/model) ---
export { analyzeModels } from './model/analyze';
export type { AnalyzedLayer, AnalyzedModel, AnalyzedWeight, InputSource, ModelAnalysis } from './model/analyze';
export { withModelShape } from './model/initializerShape';
export type { ModelProblem } from './model/graph';
export type { Dim, LayerInfo, ModelInfo, TensorShape, TextRange, WeightSpec } from './model/types';
export { formatModelSummary, kerasShapeText, modelSummary, readableMemorySize } from './model/summary';
export type { FormatSummaryOptions, ModelSummary, SummaryRow, SummaryWeight } from './model/summary';
export { notebookCellAt, notebookCodeCells, notebookProgram } from './python/notebook';
export { lastAtOrBefore, lineAt, lineStarts } from './python/lineIndex';
export type { NotebookProgram } from './python/notebook';
export { parseModule } from './python/parser/parse';
export type { Module as PythonModule, Stmt as PythonStatement, Expr as PythonExpression, SyntaxProblem } from './python/parser/ast';
