/**
 * `.npz`: a ZIP of `<name>.npy` members, as `numpy.savez` (stored) or `numpy.savez_compressed`
 * (deflated) writes it. The provenance goes in the archive comment as a JSON object of strings,
 * which `numpy.load` ignores and `zipfile.ZipFile(path).comment` shows.
 */
import { littleEndianCopy, utf8Encode } from './bytes';
import { npyHeader } from './npy';
import type { ResolvedTensor, WeightData } from './tensorSpec';
import type { FormatWriter } from './weightEncoder';
import { plannedStoredZipSize, ZipStreamWriter, type ZipLimits } from './zip';

export interface NpzWriterOptions {
  readonly compress: boolean;
  readonly level?: number;
  readonly modified?: Date;
  /** Archive comment entries; no comment when empty. */
  readonly comment: Readonly<Record<string, string>>;
  readonly limits?: ZipLimits;
}

export function npzWriter(tensors: readonly ResolvedTensor[], options: NpzWriterOptions): FormatWriter {
  const headers = tensors.map((t) => npyHeader(t.shape, t.dtype));
  const plans = tensors.map((t, i) => ({ name: `${t.name}.npy`, size: headers[i].length + t.byteLength, deflate: options.compress }));
  const comment = Object.keys(options.comment).length > 0 ? utf8Encode(JSON.stringify(options.comment)) : new Uint8Array(0);
  const zip = new ZipStreamWriter({ level: options.level, modified: options.modified, comment, limits: options.limits });
  return {
    byteLength: options.compress ? undefined : plannedStoredZipSize(plans, comment.length, options.limits),
    begin: () => undefined,
    beginTensor: (t, out) => {
      zip.beginEntry(plans[t.index], out);
      zip.write(headers[t.index], out);
    },
    data: (_t, chunk: WeightData, out) => zip.write(littleEndianCopy(chunk), out),
    endTensor: (_t, out) => zip.endEntry(out),
    end: (out) => zip.finish(out),
  };
}
