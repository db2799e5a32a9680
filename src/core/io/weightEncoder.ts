/**
 * The streaming encoder every format shares: it sequences the tensors, checks each chunk against
 * the tensor it belongs to, and asks the format for the bytes. A format only says what to write at
 * the start of the file, around each tensor, for each chunk, and at the end.
 */
import { CoreError } from '../errors';
import { concatBytes } from './bytes';
import type { WeightFormat } from './formats';
import { DTYPES, isStorageOf, typedArrayName, type ResolvedTensor, type WeightData } from './tensorSpec';

/** Encodes one file in three steps, in constant memory: `header()`, `encodeChunk()` per data chunk, `trailer()`. */
export interface WeightEncoder {
  readonly format: WeightFormat;
  /** The tensors in the order their data is expected, with resolved names and sizes. */
  readonly tensors: readonly ResolvedTensor[];
  /** Exact size of the whole file when it is known before the data: all formats but deflated .npz, JSON and CSV. */
  readonly byteLength: number | undefined;
  /** Values in all tensors together (for progress). */
  readonly totalValues: number;
  /** Values received so far. */
  readonly valuesWritten: number;
  /** Name of the tensor the next chunk belongs to; undefined once every value has been received. */
  readonly currentTensor: string | undefined;
  /** The bytes that open the file. Call once, first. */
  header(): Uint8Array;
  /**
   * Encodes the next values in C order: a Float32Array, Float64Array, Uint16Array (float16 bits)
   * or Int32Array matching the current tensor's dtype, no longer than what that tensor still expects. A chunk
   * never spans two tensors. The result may be empty (data held back for compression) and never
   * shares memory with `chunk`.
   */
  encodeChunk(chunk: WeightData): Uint8Array;
  /** The bytes that close the file, once every value has been given. */
  trailer(): Uint8Array;
}

/** What a format writes; each hook appends byte arrays to `out`. */
export interface FormatWriter {
  readonly byteLength: number | undefined;
  begin(out: Uint8Array[]): void;
  beginTensor(tensor: ResolvedTensor, out: Uint8Array[]): void;
  data(tensor: ResolvedTensor, chunk: WeightData, out: Uint8Array[]): void;
  endTensor(tensor: ResolvedTensor, out: Uint8Array[]): void;
  end(out: Uint8Array[]): void;
}

type Stage = 'new' | 'data' | 'done';

export class StreamingEncoder implements WeightEncoder {
  readonly totalValues: number;
  private stage: Stage = 'new';
  private tensorIndex = 0;
  /** Values received for the current tensor. */
  private filled = 0;
  private written = 0;

  constructor(
    readonly format: WeightFormat,
    readonly tensors: readonly ResolvedTensor[],
    private readonly writer: FormatWriter,
  ) {
    this.totalValues = tensors.reduce((sum, t) => sum + t.size, 0);
  }

  get byteLength(): number | undefined {
    return this.writer.byteLength;
  }

  get valuesWritten(): number {
    return this.written;
  }

  get currentTensor(): string | undefined {
    return this.stage === 'data' && this.tensorIndex < this.tensors.length ? this.tensors[this.tensorIndex].name : undefined;
  }

  header(): Uint8Array {
    if (this.stage !== 'new') throw this.misuse('header() was already called; call it once, before any chunk');
    this.stage = 'data';
    const out: Uint8Array[] = [];
    this.writer.begin(out);
    this.openTensors(out);
    return concatBytes(out);
  }

  encodeChunk(chunk: WeightData): Uint8Array {
    if (this.stage === 'new') throw this.misuse('call header() before encodeChunk()');
    if (this.stage === 'done') throw this.misuse('encodeChunk() after trailer()');
    if (this.tensorIndex >= this.tensors.length) {
      throw this.misuse(`every tensor is complete (${this.totalValues} values); no more chunks are expected`);
    }
    const tensor = this.tensors[this.tensorIndex];
    if (!ArrayBuffer.isView(chunk) || !isStorageOf(chunk, tensor.dtype)) {
      throw new CoreError(
        'INVALID_DTYPE',
        `${this.format}: a chunk of tensor '${tensor.name}' (${tensor.dtype}) must be a ${DTYPES[tensor.dtype].storage}, got ${typedArrayName(chunk)}.`,
      );
    }
    const remaining = tensor.size - this.filled;
    if (chunk.length > remaining) {
      throw this.misuse(
        `tensor '${tensor.name}' expects ${remaining} more values, got a chunk of ${chunk.length}; a chunk may not span two tensors`,
      );
    }
    const out: Uint8Array[] = [];
    if (chunk.length > 0) this.writer.data(tensor, chunk, out);
    this.filled += chunk.length;
    this.written += chunk.length;
    if (this.filled === tensor.size) {
      this.writer.endTensor(tensor, out);
      this.tensorIndex++;
      this.openTensors(out);
    }
    return concatBytes(out);
  }

  trailer(): Uint8Array {
    if (this.stage === 'new') throw this.misuse('call header() and give the data before trailer()');
    if (this.stage === 'done') throw this.misuse('trailer() was already called');
    if (this.tensorIndex < this.tensors.length) {
      const t = this.tensors[this.tensorIndex];
      throw this.misuse(`tensor '${t.name}' still expects ${t.size - this.filled} of its ${t.size} values`);
    }
    this.stage = 'done';
    const out: Uint8Array[] = [];
    this.writer.end(out);
    return concatBytes(out);
  }

  /** Opens the current tensor; tensors with no values are opened and closed at once. */
  private openTensors(out: Uint8Array[]): void {
    this.filled = 0;
    while (this.tensorIndex < this.tensors.length) {
      const tensor = this.tensors[this.tensorIndex];
      this.writer.beginTensor(tensor, out);
      if (tensor.size > 0) return;
      this.writer.endTensor(tensor, out);
      this.tensorIndex++;
    }
  }

  private misuse(message: string): CoreError {
    return new CoreError('INVALID_ARGUMENT', `${this.format} encoder: ${message}.`);
  }
}
