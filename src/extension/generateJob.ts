/**
 * One weight file to write (a Job), and the job for a request that says everything, `target`
 * included, so nothing is asked (tests and programs).
 */
import * as vscode from 'vscode';
import {
  initializerCallText,
  layerWeights,
  planLayerFile,
  planTensorFile,
  seededInitializer,
  type KerasInitializer,
  type LayerWeights,
  type WeightFilePlan,
  type WeightFormat,
} from '../core/index';
import { GenerateArgumentError, formatForTarget, type GenerateRequest } from './generateArgs';
import type { GenerateSettings } from './settings';

/** Everything needed to write one file. */
export interface Job {
  readonly plan: WeightFilePlan;
  readonly target: vscode.Uri;
  readonly overwrite: boolean;
  readonly layer?: LayerWeights;
  /** One line on what the file holds. */
  readonly summary: string;
}

export function fileName(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

function shapeText(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

export function toUri(value: unknown): vscode.Uri {
  if (value instanceof vscode.Uri) return value;
  if (typeof value === 'string' && value !== '') {
    return /^[a-zA-Z][\w+.-]+:/.test(value) && !/^[a-zA-Z]:[\\/]/.test(value) ? vscode.Uri.parse(value, true) : vscode.Uri.file(value);
  }
  // A Uri that crossed a serialization boundary arrives as its JSON form.
  if (typeof value === 'object' && value !== null && typeof (value as { scheme?: unknown }).scheme === 'string') {
    return vscode.Uri.from(value as vscode.Uri);
  }
  throw new GenerateArgumentError(
    vscode.l10n.t('`target` must be a file URI (vscode.Uri or a URI string); received {0}.', JSON.stringify(value) ?? String(value)),
  );
}

/** The tensor request with nothing asked: `target` was given. */
export function directJob(request: GenerateRequest, settings: GenerateSettings): Job {
  const target = toUri(request.target);
  if (request.layer !== undefined) {
    const format = formatForTarget(fileName(target), request.format, 'npz');
    const layer = layerWeights(request.layer.className, request.layer.args, { seed: request.seed });
    const dtype = request.dtype ?? settings.defaultDType;
    const plan = planLayerFile({ layer, format, dtype, compress: request.compress });
    return {
      plan,
      target,
      overwrite: request.overwrite,
      layer,
      summary: `${layer.className}, ${layer.variables.length} variables, ${dtype}`,
    };
  }
  if (request.initializer === undefined || request.shape === undefined) {
    throw new GenerateArgumentError(vscode.l10n.t('With `target`, the argument needs `initializer` and `shape` (or `layer`).'));
  }
  const format = formatForTarget(fileName(target), request.format, settings.defaultFormat);
  const { initializer } = seededInitializer(request.initializer, { seed: request.seed, callIndex: request.callIndex });
  const plan = tensorPlan(initializer, request.shape, request.callIndex, request.dtype ?? settings.defaultDType, format, request.compress);
  return { plan, target, overwrite: request.overwrite, summary: tensorSummary(initializer, plan) };
}

/** `initializer` carries its final seed (see seededInitializer). */
export function tensorPlan(
  initializer: KerasInitializer,
  shape: number[],
  callIndex: number | undefined,
  dtype: string,
  format: WeightFormat,
  compress: boolean,
): WeightFilePlan {
  return planTensorFile({ initializer, shape, dtype, callIndex, format, compress });
}

export function tensorSummary(initializer: KerasInitializer, plan: WeightFilePlan): string {
  const t = plan.tensors[0];
  return `${initializerCallText(initializer)}, ${shapeText(t.shape)}, ${t.dtype}`;
}
