/**
 * A streaming ZIP writer (PKWARE APPNOTE 6.3.10) for .npz archives: stored or deflated members
 * whose uncompressed size is known up front, zip64 records when a size, an offset or the entry count
 * passes the 32/16-bit fields.
 *
 * Each member's CRC-32 is known only after its data has streamed past, so every member sets
 * general-purpose bit 3 and is followed by a data descriptor (APPNOTE 4.3.9) carrying the CRC and
 * sizes; the central directory at the end repeats them. This keeps memory constant and needs no
 * seeking back. Python's `zipfile` (hence `numpy.load`) takes CRC and sizes from the central
 * directory and checks the CRC while reading, so it reads these archives as it reads its own.
 * Alternatives were worse: buffering a member to checksum it first breaks constant memory, and
 * seeking back to patch the local header needs a seekable sink, which a stream of chunks is not.
 */
import { Deflate } from 'fflate';
import { CoreError } from '../errors';
import { LittleEndianWriter, utf8Encode } from './bytes';
import { Crc32 } from './crc32';

/** Where the zip64 forms start; lowered only by tests to exercise them without gigabytes of data. */
export interface ZipLimits {
  /** A size or offset at or above this is written as 0xFFFFFFFF plus a zip64 field (APPNOTE 4.5.3). */
  readonly zip64Threshold: number;
  /** An entry count at or above this is written as 0xFFFF plus a zip64 end record (APPNOTE 4.4.21). */
  readonly entryThreshold: number;
}

export const ZIP_LIMITS: ZipLimits = { zip64Threshold: 0xffff_ffff, entryThreshold: 0xffff };

const SIG_LOCAL = 0x04034b50;
const SIG_DESCRIPTOR = 0x08074b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_ZIP64_END = 0x06064b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_END = 0x06054b50;
const ZIP64_EXTRA_ID = 0x0001;

const FLAG_DATA_DESCRIPTOR = 0x0008;
/** Bit 11: the name is UTF-8 (set only when it is not plain ASCII, as Python's zipfile does). */
const FLAG_UTF8 = 0x0800;
const METHOD_STORED = 0;
const METHOD_DEFLATED = 8;
/** "Version needed": 2.0 for deflate and data descriptors, 4.5 for zip64 (APPNOTE 4.4.3.2). */
const VERSION_DEFAULT = 20;
const VERSION_ZIP64 = 45;
/** "Version made by" high byte: 3 = UNIX, so the external attributes are a file mode. */
const MADE_BY_UNIX = 3 << 8;
/** Regular file, rw-r--r-- (S_IFREG | 0644) in the high 16 bits. */
const EXTERNAL_ATTRIBUTES = 0o100644 * 0x10000;

const LOCAL_HEADER_SIZE = 30;
const CENTRAL_HEADER_SIZE = 46;
const ZIP64_LOCAL_EXTRA_SIZE = 4 + 16;
const DESCRIPTOR_SIZE = 16;
const ZIP64_DESCRIPTOR_SIZE = 24;
const ZIP64_END_SIZE = 56;
const ZIP64_LOCATOR_SIZE = 20;
const END_SIZE = 22;
const MAX_NAME_BYTES = 0xffff;
const MAX_COMMENT_BYTES = 0xffff;
/** Deflate input is fed in blocks of this size, so the output does not depend on how the caller chunks the data. */
const DEFLATE_BLOCK = 65536;

/**
 * An upper bound on the deflated size of n bytes. fflate falls back to stored blocks (5 bytes of
 * header per block of at least a few kB) for incompressible data; an eighth plus 1 kB is far above that.
 */
function deflateBound(n: number): number {
  return n + Math.ceil(n / 8) + 1024;
}

/** MS-DOS date and time fields (APPNOTE 4.4.6), in local time, clamped to 1980–2107. */
export function dosDateTime(date: Date): { date: number; time: number } {
  const year = date.getFullYear();
  if (year < 1980) return { date: (1 << 5) | 1, time: 0 };
  if (year > 2107) return { date: (127 << 9) | (12 << 5) | 31, time: (23 << 11) | (59 << 5) | 29 };
  return {
    date: ((year - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
    time: (date.getHours() << 11) | (date.getMinutes() << 5) | (date.getSeconds() >> 1),
  };
}

export interface ZipEntryPlan {
  /** Member name, e.g. "kernel.npy". */
  readonly name: string;
  /** Uncompressed size in bytes. */
  readonly size: number;
  readonly deflate: boolean;
}

interface EntryRecord {
  readonly nameBytes: Uint8Array;
  readonly flags: number;
  readonly method: number;
  /** Whether the local header, descriptor and central header carry 64-bit sizes. */
  readonly zip64Sizes: boolean;
  readonly headerOffset: number;
  crc: number;
  size: number;
  compressedSize: number;
}

function nameBytesOf(name: string): Uint8Array {
  const bytes = utf8Encode(name);
  if (bytes.length === 0 || bytes.length > MAX_NAME_BYTES) {
    throw new CoreError('INVALID_ARGUMENT', `.npz: member name '${name}' must be 1 to ${MAX_NAME_BYTES} UTF-8 bytes, got ${bytes.length}.`);
  }
  return bytes;
}

function isAscii(bytes: Uint8Array): boolean {
  return bytes.every((b) => b < 0x80);
}

function needsZip64Sizes(plan: ZipEntryPlan, limits: ZipLimits): boolean {
  return plan.size >= limits.zip64Threshold || (plan.deflate && deflateBound(plan.size) >= limits.zip64Threshold);
}

function centralExtraLength(zip64Sizes: boolean, zip64Offset: boolean): number {
  const fields = (zip64Sizes ? 2 : 0) + (zip64Offset ? 1 : 0);
  return fields === 0 ? 0 : 4 + 8 * fields;
}

function endRecordsLength(entries: number, cdOffset: number, cdSize: number, commentLength: number, limits: ZipLimits): number {
  const zip64 = entries >= limits.entryThreshold || cdOffset >= limits.zip64Threshold || cdSize >= limits.zip64Threshold;
  return (zip64 ? ZIP64_END_SIZE + ZIP64_LOCATOR_SIZE : 0) + END_SIZE + commentLength;
}

/** Exact archive size for stored members (deflated sizes are not known before the data). */
export function plannedStoredZipSize(plans: readonly ZipEntryPlan[], commentLength: number, limits: ZipLimits = ZIP_LIMITS): number {
  let offset = 0;
  let cdSize = 0;
  for (const plan of plans) {
    if (plan.deflate) throw new Error('plannedStoredZipSize: deflated sizes are not known in advance');
    const nameLength = nameBytesOf(plan.name).length;
    const zip64Sizes = needsZip64Sizes(plan, limits);
    cdSize += CENTRAL_HEADER_SIZE + nameLength + centralExtraLength(zip64Sizes, offset >= limits.zip64Threshold);
    offset +=
      LOCAL_HEADER_SIZE +
      nameLength +
      (zip64Sizes ? ZIP64_LOCAL_EXTRA_SIZE : 0) +
      plan.size +
      (zip64Sizes ? ZIP64_DESCRIPTOR_SIZE : DESCRIPTOR_SIZE);
  }
  return offset + cdSize + endRecordsLength(plans.length, offset, cdSize, commentLength, limits);
}

export interface ZipWriterOptions {
  /** Deflate level 0–9 for deflated members (zlib's default 6 is what numpy.savez_compressed gets). */
  readonly level?: number;
  /** Modification time of every member; defaults to 1980-01-01 00:00, so equal inputs give equal bytes. */
  readonly modified?: Date;
  /** Archive comment (at most 65535 bytes). */
  readonly comment?: Uint8Array;
  readonly limits?: ZipLimits;
}

type DeflateLevel = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

/** Writes one archive: `beginEntry`, `write`…, `endEntry` per member, then `finish`. Each call appends bytes to `out`. */
export class ZipStreamWriter {
  private readonly entries: EntryRecord[] = [];
  private readonly limits: ZipLimits;
  private readonly level: DeflateLevel;
  private readonly dos: { date: number; time: number };
  private readonly comment: Uint8Array;
  private offset = 0;
  private current:
    | { record: EntryRecord; plan: ZipEntryPlan; crc: Crc32; deflater: BlockDeflater | undefined; received: number; dataStart: number }
    | undefined;

  constructor(options: ZipWriterOptions = {}) {
    this.limits = options.limits ?? ZIP_LIMITS;
    const level = options.level ?? 6;
    if (!Number.isInteger(level) || level < 0 || level > 9) {
      throw new CoreError('INVALID_ARGUMENT', `.npz: compression level must be an integer from 0 to 9, got ${String(level)}.`);
    }
    this.level = level as DeflateLevel;
    this.dos = dosDateTime(options.modified ?? new Date(1980, 0, 1));
    this.comment = options.comment ?? new Uint8Array(0);
    if (this.comment.length > MAX_COMMENT_BYTES) {
      throw new CoreError(
        'TOO_LARGE',
        `.npz: the archive comment (the metadata) takes ${this.comment.length} bytes; ZIP allows ${MAX_COMMENT_BYTES}.`,
      );
    }
  }

  beginEntry(plan: ZipEntryPlan, out: Uint8Array[]): void {
    if (this.current) throw new Error(`ZipStreamWriter: entry '${this.current.plan.name}' is still open`);
    const nameBytes = nameBytesOf(plan.name);
    const zip64Sizes = needsZip64Sizes(plan, this.limits);
    const record: EntryRecord = {
      nameBytes,
      flags: FLAG_DATA_DESCRIPTOR | (isAscii(nameBytes) ? 0 : FLAG_UTF8),
      method: plan.deflate ? METHOD_DEFLATED : METHOD_STORED,
      zip64Sizes,
      headerOffset: this.offset,
      crc: 0,
      size: 0,
      compressedSize: 0,
    };
    // With bit 3, CRC and sizes in the local header are zero (APPNOTE 4.4.4); zip64 puts 0xFFFFFFFF
    // there and the (zero) 64-bit sizes in its extra field (4.5.3).
    const sizeField = zip64Sizes ? 0xffff_ffff : 0;
    const w = new LittleEndianWriter(LOCAL_HEADER_SIZE + nameBytes.length + (zip64Sizes ? ZIP64_LOCAL_EXTRA_SIZE : 0))
      .u32(SIG_LOCAL)
      .u16(zip64Sizes ? VERSION_ZIP64 : VERSION_DEFAULT)
      .u16(record.flags)
      .u16(record.method)
      .u16(this.dos.time)
      .u16(this.dos.date)
      .u32(0)
      .u32(sizeField)
      .u32(sizeField)
      .u16(nameBytes.length)
      .u16(zip64Sizes ? ZIP64_LOCAL_EXTRA_SIZE : 0)
      .raw(nameBytes);
    if (zip64Sizes) w.u16(ZIP64_EXTRA_ID).u16(16).u64(0).u64(0);
    this.emit(w.done(), out);
    this.current = {
      record,
      plan,
      crc: new Crc32(),
      received: 0,
      dataStart: this.offset,
      deflater: plan.deflate ? new BlockDeflater(this.level, (bytes) => this.emit(bytes, out)) : undefined,
    };
  }

  /** Appends member data. Stored data is passed through as is, so `data` must not be modified afterwards. */
  write(data: Uint8Array, out: Uint8Array[]): void {
    const cur = this.current;
    if (!cur) throw new Error('ZipStreamWriter: write() outside an entry');
    cur.received += data.length;
    if (cur.received > cur.plan.size) {
      throw new Error(`ZipStreamWriter: entry '${cur.plan.name}' received more than its ${cur.plan.size} bytes`);
    }
    cur.crc.update(data);
    if (cur.deflater) cur.deflater.push(data, (bytes) => this.emit(bytes, out));
    else this.emit(data, out);
  }

  endEntry(out: Uint8Array[]): void {
    const cur = this.current;
    if (!cur) throw new Error('ZipStreamWriter: endEntry() outside an entry');
    if (cur.received !== cur.plan.size) {
      throw new Error(`ZipStreamWriter: entry '${cur.plan.name}' received ${cur.received} of ${cur.plan.size} bytes`);
    }
    if (cur.deflater) cur.deflater.finish((bytes) => this.emit(bytes, out));
    const { record } = cur;
    record.crc = cur.crc.digest();
    record.size = cur.plan.size;
    record.compressedSize = this.offset - cur.dataStart;
    if (!record.zip64Sizes && record.compressedSize >= this.limits.zip64Threshold) {
      throw new Error(`ZipStreamWriter: deflated size ${record.compressedSize} passed the bound chosen before the data`);
    }
    const w = new LittleEndianWriter(record.zip64Sizes ? ZIP64_DESCRIPTOR_SIZE : DESCRIPTOR_SIZE).u32(SIG_DESCRIPTOR).u32(record.crc);
    if (record.zip64Sizes) w.u64(record.compressedSize).u64(record.size);
    else w.u32(record.compressedSize).u32(record.size);
    this.emit(w.done(), out);
    this.entries.push(record);
    this.current = undefined;
  }

  /** The central directory and end records. */
  finish(out: Uint8Array[]): void {
    if (this.current) throw new Error(`ZipStreamWriter: entry '${this.current.plan.name}' is still open`);
    const T = this.limits.zip64Threshold;
    const cdOffset = this.offset;
    for (const e of this.entries) {
      const zip64Offset = e.headerOffset >= T;
      const extraLength = centralExtraLength(e.zip64Sizes, zip64Offset);
      const version = e.zip64Sizes || zip64Offset ? VERSION_ZIP64 : VERSION_DEFAULT;
      const w = new LittleEndianWriter(CENTRAL_HEADER_SIZE + e.nameBytes.length + extraLength)
        .u32(SIG_CENTRAL)
        .u16(MADE_BY_UNIX | version)
        .u16(version)
        .u16(e.flags)
        .u16(e.method)
        .u16(this.dos.time)
        .u16(this.dos.date)
        .u32(e.crc)
        .u32(e.zip64Sizes ? 0xffff_ffff : e.compressedSize)
        .u32(e.zip64Sizes ? 0xffff_ffff : e.size)
        .u16(e.nameBytes.length)
        .u16(extraLength)
        .u16(0) // comment length
        .u16(0)
        .u16(0)
        .u32(EXTERNAL_ATTRIBUTES) // disk number, internal attributes, external attributes
        .u32(zip64Offset ? 0xffff_ffff : e.headerOffset)
        .raw(e.nameBytes);
      // zip64 extra fields appear in this fixed order, only for the fields set to 0xFFFFFFFF (APPNOTE 4.5.3).
      if (extraLength > 0) {
        w.u16(ZIP64_EXTRA_ID).u16(extraLength - 4);
        if (e.zip64Sizes) w.u64(e.size).u64(e.compressedSize);
        if (zip64Offset) w.u64(e.headerOffset);
      }
      this.emit(w.done(), out);
    }
    const cdSize = this.offset - cdOffset;
    const count = this.entries.length;
    const zip64End = count >= this.limits.entryThreshold || cdOffset >= T || cdSize >= T;
    if (zip64End) {
      const zip64EndOffset = this.offset;
      this.emit(
        new LittleEndianWriter(ZIP64_END_SIZE)
          .u32(SIG_ZIP64_END)
          .u64(ZIP64_END_SIZE - 12) // record size, not counting the first 12 bytes
          .u16(MADE_BY_UNIX | VERSION_ZIP64)
          .u16(VERSION_ZIP64)
          .u32(0)
          .u32(0) // this disk, disk of the directory
          .u64(count)
          .u64(count)
          .u64(cdSize)
          .u64(cdOffset)
          .done(),
        out,
      );
      this.emit(new LittleEndianWriter(ZIP64_LOCATOR_SIZE).u32(SIG_ZIP64_LOCATOR).u32(0).u64(zip64EndOffset).u32(1).done(), out);
    }
    const count16 = count >= this.limits.entryThreshold ? 0xffff : count;
    this.emit(
      new LittleEndianWriter(END_SIZE + this.comment.length)
        .u32(SIG_END)
        .u16(0)
        .u16(0)
        .u16(count16)
        .u16(count16)
        .u32(cdSize >= T ? 0xffff_ffff : cdSize)
        .u32(cdOffset >= T ? 0xffff_ffff : cdOffset)
        .u16(this.comment.length)
        .raw(this.comment)
        .done(),
      out,
    );
  }

  private emit(bytes: Uint8Array, out: Uint8Array[]): void {
    if (bytes.length === 0) return;
    out.push(bytes);
    this.offset += bytes.length;
  }
}

/** Feeds fflate's streaming Deflate fixed-size blocks, so its output depends on the data only. */
class BlockDeflater {
  private readonly block = new Uint8Array(DEFLATE_BLOCK);
  private filled = 0;
  private readonly deflate: Deflate;
  /** Where fflate's output goes during the current call. */
  private sink: (bytes: Uint8Array) => void;

  constructor(level: DeflateLevel, sink: (bytes: Uint8Array) => void) {
    this.sink = sink;
    this.deflate = new Deflate({ level }, (bytes) => this.sink(bytes));
  }

  push(data: Uint8Array, sink: (bytes: Uint8Array) => void): void {
    this.sink = sink;
    let at = 0;
    while (at < data.length) {
      const take = Math.min(DEFLATE_BLOCK - this.filled, data.length - at);
      this.block.set(data.subarray(at, at + take), this.filled);
      this.filled += take;
      at += take;
      // fflate copies the block into its own window, so the block can be refilled at once.
      if (this.filled === DEFLATE_BLOCK) {
        this.deflate.push(this.block, false);
        this.filled = 0;
      }
    }
  }

  finish(sink: (bytes: Uint8Array) => void): void {
    this.sink = sink;
    this.deflate.push(this.block.subarray(0, this.filled), true);
  }
}
