/**
 * CRC-32 as ZIP uses it (ISO-HDLC: reflected polynomial 0xEDB88320, initial and final XOR
 * 0xFFFFFFFF; check value of "123456789" is 0xCBF43926). fflate computes it internally but does not
 * export it, so it is implemented here with slicing-by-8 tables (Kounavis & Berry), which reads
 * eight bytes per step: the encoders checksum every byte of multi-gigabyte archives.
 */

const TABLES: Int32Array[] = buildTables();

function buildTables(): Int32Array[] {
  const tables = Array.from({ length: 8 }, () => new Int32Array(256));
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    tables[0][n] = c;
  }
  // tables[k][n] is the CRC of byte n followed by k zero bytes: one table lookup per byte lane.
  for (let n = 0; n < 256; n++) {
    let c = tables[0][n];
    for (let k = 1; k < 8; k++) {
      c = tables[0][c & 0xff] ^ (c >>> 8);
      tables[k][n] = c;
    }
  }
  return tables;
}

/** A running CRC-32 over bytes given in pieces. */
export class Crc32 {
  /** The register before the final XOR. */
  private state = -1;

  update(data: Uint8Array): this {
    const [t0, t1, t2, t3, t4, t5, t6, t7] = TABLES;
    let c = this.state;
    let i = 0;
    const n = data.length;
    const end8 = n - (n % 8);
    for (; i < end8; i += 8) {
      const lo = c ^ (data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24));
      c =
        t7[lo & 0xff] ^
        t6[(lo >>> 8) & 0xff] ^
        t5[(lo >>> 16) & 0xff] ^
        t4[lo >>> 24] ^
        t3[data[i + 4]] ^
        t2[data[i + 5]] ^
        t1[data[i + 6]] ^
        t0[data[i + 7]];
    }
    for (; i < n; i++) c = t0[(c ^ data[i]) & 0xff] ^ (c >>> 8);
    this.state = c;
    return this;
  }

  /** The checksum of everything given so far, as an unsigned 32-bit integer. */
  digest(): number {
    return (this.state ^ -1) >>> 0;
  }
}

/** CRC-32 of one byte array. */
export function crc32(data: Uint8Array): number {
  return new Crc32().update(data).digest();
}
