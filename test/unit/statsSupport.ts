/** Helpers shared by the statistics tests (not a test file). */

/**
 * The tests' own seeded normals (mulberry32 + Box–Muller) scaled by `std`, independent of the core's
 * generators so that statistics are checked against a sample the code under test did not make.
 */
export function testNormals(count: number, seed: number, std = 1): Float64Array {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
  const out = new Float64Array(count);
  for (let i = 0; i < count; i += 2) {
    const r = Math.sqrt(-2 * Math.log(next()));
    const phi = 2 * Math.PI * next();
    out[i] = std * r * Math.cos(phi);
    if (i + 1 < count) out[i + 1] = std * r * Math.sin(phi);
  }
  return out;
}
