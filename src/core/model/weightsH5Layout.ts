/**
 * The layout of a Keras 3 `.weights.h5` written through an HDF5 library with h5wasm's API (its Node
 * build in the CLI and the extension, its browser build in the web extension host): the groups with
 * their `name` attributes, each variable as a dataset — chunked and written slab by slab above
 * `CHUNKED_MIN_VALUES`, so memory stays flat — and the check that reopens the file. The library is
 * passed in; nothing here loads it or touches a file system.
 *
 * As Keras saves it (h5py's defaults): libver (earliest, v110), contiguous unfiltered datasets, a scalar
 * UTF-8 `name` attribute on each `vars` group.
 */
import { WeightFileError } from '../weightFiles/atomicWrite';
import { variableChunks, type ModelWeightsPlan, type PlannedVariable, type WeightsFileDType } from './weightsFile';

/** The part of h5wasm's API the writer uses (a structural type: the core does not depend on h5wasm). */
export interface H5Dataset {
  readonly shape: number[] | null;
  readonly metadata: { readonly type: number; readonly size: number };
  resize(newShape: number[]): number;
  write_slice(ranges: ([number, number] | [])[], data: ArrayLike<number> | ArrayLike<bigint>): void;
}

export interface H5Group {
  create_group(name: string): H5Group;
  create_attribute(name: string, data: string): void;
  create_dataset(args: {
    name: string;
    data: ArrayLike<number> | ArrayLike<bigint>;
    shape?: number[] | null;
    dtype?: string | null;
    maxshape?: (number | null)[] | null;
    chunks?: number[] | null;
  }): H5Dataset;
  get(path: string): H5Group | H5Dataset | null;
}

export interface H5File extends H5Group {
  readonly file_id: bigint;
  close(): number;
}

export interface H5Library {
  readonly File: new (filename: string, mode: 'r' | 'w', options?: { libver?: string | [string, string] }) => H5File;
}

/** Tensors with more values than this are written in chunks (16 Mi values, 64 MiB of float32). */
export const CHUNKED_MIN_VALUES = 1 << 24;
/** Values per slab of a chunked tensor (about 4 MiB of float32). */
export const SLAB_VALUES = 1 << 20;

const H5_DTYPE: Readonly<Record<WeightsFileDType, string | undefined>> = {
  float32: '<f',
  float64: '<d',
  int32: '<i',
  int64: '<q',
  float16: undefined, // h5wasm has no writer for HDF5 half-precision floats
};

export interface WriteWeightsH5Options {
  /** Replace an existing target. */
  readonly overwrite?: boolean;
  /** Values per write for chunked tensors (tests use small values to exercise that path). */
  readonly chunkedMinValues?: number;
  readonly slabValues?: number;
  /** Polled between variables; true stops and removes the temporary. */
  readonly isCancelled?: () => boolean;
  /** Called after each variable with the values written so far. */
  readonly onProgress?: (valuesDone: number) => void;
  /** A turn of the platform's event loop (taken every 20 ms or so), so a cancel and progress get through. */
  readonly yieldToEventLoop?: () => Promise<void>;
}

function writeFailed(message: string, cause?: unknown): WeightFileError {
  return new WeightFileError('WRITE_FAILED', message, cause);
}

/** All values of a variable in one array. */
function wholeVariable(v: PlannedVariable): ArrayLike<number> | ArrayLike<bigint> {
  const parts = [...variableChunks(v)];
  if (parts.length === 1) return parts[0];
  const n = parts.reduce((a, p) => a + p.length, 0);
  const Ctor = parts[0].constructor as new (n: number) => (typeof parts)[0];
  const out = new Ctor(n);
  let at = 0;
  for (const p of parts) {
    (out as unknown as { set(a: ArrayLike<unknown>, o: number): void }).set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * A turn of the event loop, at most every few milliseconds: the writing is synchronous WebAssembly,
 * and a cancel (Ctrl+C, the progress notification's button) and progress reports must get through.
 */
function pauser(yieldToEventLoop: (() => Promise<void>) | undefined): () => Promise<void> {
  let last = Date.now();
  return async () => {
    if (yieldToEventLoop === undefined || Date.now() - last < 20) return;
    await yieldToEventLoop();
    last = Date.now();
  };
}

function cancelled(): WeightFileError {
  return new WeightFileError('CANCELLED', 'The write was cancelled; nothing was written.');
}

/** Writes a large variable as a chunked dataset, whole rows of the first axis per slab. */
async function writeChunked(
  group: H5Group,
  name: string,
  v: PlannedVariable,
  dtype: string,
  options: WriteWeightsH5Options,
  pause: () => Promise<void>,
  onRows: (rows: number) => void,
): Promise<void> {
  const slabValues = options.slabValues ?? SLAB_VALUES;
  const shape = [...v.shape];
  const row = shape.slice(1).reduce((a, b) => a * b, 1);
  const rowsPerSlab = Math.max(1, Math.floor(slabValues / row));
  const chunks = [Math.min(rowsPerSlab, shape[0]), ...shape.slice(1)];
  const first = variableChunks(v, rowsPerSlab * row);
  const empty = wholeEmpty(v.dtype);
  const ds = group.create_dataset({ name, data: empty, shape: [0, ...shape.slice(1)], maxshape: shape, chunks, dtype });
  if (ds.resize(shape) < 0) throw writeFailed(`cannot size the dataset for ${v.path}`);
  let slab: { set(a: ArrayLike<unknown>, o: number): void; length: number; subarray(a: number, b: number): ArrayLike<number> } | undefined;
  let filled = 0;
  let rowAt = 0;
  const flush = (): void => {
    if (slab === undefined || filled === 0) return;
    const rows = filled / row;
    ds.write_slice([[rowAt, rowAt + rows], ...shape.slice(1).map((): [] => [])], slab.subarray(0, filled));
    rowAt += rows;
    filled = 0;
    onRows(rows);
  };
  for (const chunk of first) {
    if (slab === undefined) {
      const Ctor = chunk.constructor as new (n: number) => NonNullable<typeof slab>;
      slab = new Ctor(rowsPerSlab * row);
    }
    let offset = 0;
    while (offset < chunk.length) {
      const take = Math.min(chunk.length - offset, slab.length - filled);
      slab.set((chunk as Float32Array).subarray(offset, offset + take), filled);
      filled += take;
      offset += take;
      if (filled === slab.length) {
        flush();
        await pause();
        if (options.isCancelled?.() === true) throw cancelled();
      }
    }
  }
  flush();
  if (rowAt !== shape[0]) throw writeFailed(`${v.path}: wrote ${rowAt} of ${shape[0]} rows`);
}

function wholeEmpty(dtype: WeightsFileDType): ArrayLike<number> | ArrayLike<bigint> {
  return dtype === 'int64'
    ? new BigInt64Array(0)
    : dtype === 'float64'
      ? new Float64Array(0)
      : dtype === 'int32'
        ? new Int32Array(0)
        : new Float32Array(0);
}

/** Writes the plan into a new HDF5 file at `file` (a path the library's file system knows; it must not exist). */
export async function writeModelH5(
  h5: H5Library,
  plan: ModelWeightsPlan,
  file: string,
  options: WriteWeightsH5Options = {},
): Promise<void> {
  const f = new h5.File(file, 'w', { libver: ['earliest', 'v110'] });
  if (f.file_id < 0n) throw writeFailed(`cannot create ${file}`);
  let closed = false;
  try {
    const groups = new Map<string, H5Group>([['', f]]);
    const ensure = (p: string): H5Group => {
      const found = groups.get(p);
      if (found !== undefined) return found;
      const cut = p.lastIndexOf('/');
      const parent = ensure(cut < 0 ? '' : p.slice(0, cut));
      const g = parent.create_group(p.slice(cut + 1));
      groups.set(p, g);
      return g;
    };
    for (const g of plan.groups) ensure(g.path).create_attribute('name', g.name);
    const threshold = options.chunkedMinValues ?? CHUNKED_MIN_VALUES;
    const pause = pauser(options.yieldToEventLoop);
    let done = 0;
    for (const v of plan.variables) {
      await pause();
      if (options.isCancelled?.() === true) throw cancelled();
      // Not in Keras's file either (a weight a subclass of Dense adds; see PlannedVariable.dataset).
      if (v.dataset === null) continue;
      const dtype = H5_DTYPE[v.dtype];
      if (dtype === undefined) {
        throw writeFailed(
          `${v.path} is a ${v.dtype} variable, which this .weights.h5 writer cannot store (float32, float64, int32 and int64 it can); write .npz or .safetensors instead.`,
        );
      }
      const cut = v.dataset.lastIndexOf('/');
      const group = ensure(v.dataset.slice(0, cut));
      const name = v.dataset.slice(cut + 1);
      const size = v.shape.reduce((a, b) => a * b, 1);
      if (size > threshold && v.shape.length > 0 && v.shape[0] > 1) {
        const row = size / v.shape[0];
        const start = done;
        await writeChunked(group, name, v, dtype, options, pause, (rows) => {
          done += rows * row;
          options.onProgress?.(done);
        });
        done = start + size;
      } else {
        group.create_dataset({ name, data: wholeVariable(v), shape: [...v.shape], dtype });
        done += size;
      }
      options.onProgress?.(done);
    }
  } finally {
    const status = f.close();
    closed = status >= 0;
  }
  if (!closed) throw writeFailed(`HDF5 could not complete ${file}`);
}

const DTYPE_OF_SIZE: Readonly<Record<string, WeightsFileDType>> = { f4: 'float32', f8: 'float64', i4: 'int32', i8: 'int64' };

/** Reopens a written file and checks every planned dataset's presence, shape and dtype. */
export function checkModelH5(h5: H5Library, file: string, plan: ModelWeightsPlan): void {
  const f = new h5.File(file, 'r');
  if (f.file_id < 0n) throw writeFailed(`cannot reopen ${file} to check it`);
  try {
    for (const v of plan.variables) {
      if (v.dataset === null) continue;
      const ds = f.get(v.dataset);
      if (ds === null || !('shape' in ds)) throw writeFailed(`${file}: ${v.dataset} is missing`);
      if ((ds.shape ?? []).join(',') !== v.shape.join(',')) {
        throw writeFailed(`${file}: ${v.dataset} has shape (${(ds.shape ?? []).join(', ')}), expected (${v.shape.join(', ')})`);
      }
      const m = ds.metadata;
      const kind = `${m.type === 1 ? 'f' : 'i'}${m.size}`;
      if (DTYPE_OF_SIZE[kind] !== v.dtype) throw writeFailed(`${file}: ${v.dataset} is not ${v.dtype}`);
    }
  } finally {
    f.close();
  }
}
