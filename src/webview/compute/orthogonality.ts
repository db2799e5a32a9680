/**
 * How orthogonal an Orthogonal initializer's output is. Keras returns gain · Q with Q (rows × cols,
 * rows = prod(shape[:-1])) having orthonormal columns when rows ≥ cols and orthonormal rows otherwise,
 * so the error is E = QᵀQ − I (cols × cols) or QQᵀ − I (rows × rows), with Q = values / gain.
 * Both norms of E are reported: the largest |E_ij| and the Frobenius norm sqrt(Σ E_ij²).
 */

export interface OrthogonalityError {
  readonly maxAbs: number;
  readonly frobenius: number;
  /** Which Gram matrix was compared with I. */
  readonly gram: 'QᵀQ' | 'QQᵀ';
}

/**
 * Computes ‖QᵀQ − I‖ (or ‖QQᵀ − I‖) for row-major `values` of a rows × cols matrix, in double.
 * Returns undefined when the gain is 0 or not finite (Q is then undefined).
 */
export function orthogonalityError(values: ArrayLike<number>, rows: number, cols: number, gain: number): OrthogonalityError | undefined {
  if (gain === 0 || !Number.isFinite(gain) || values.length < rows * cols) return undefined;
  const tall = rows >= cols;
  const k = tall ? cols : rows;
  const gram = new Float64Array(k * k);
  const inv = 1 / gain;
  if (tall) {
    // QᵀQ = Σ_r q_r q_rᵀ over the rows q_r: one pass over the data, upper triangle only.
    const q = new Float64Array(cols);
    for (let r = 0; r < rows; r++) {
      const base = r * cols;
      for (let c = 0; c < cols; c++) q[c] = values[base + c] * inv;
      for (let i = 0; i < cols; i++) {
        const qi = q[i];
        if (qi === 0) continue;
        const gi = i * k;
        for (let j = i; j < cols; j++) gram[gi + j] += qi * q[j];
      }
    }
  } else {
    // QQᵀ_ij = ⟨row i, row j⟩.
    const q = new Float64Array(rows * cols);
    for (let i = 0; i < rows * cols; i++) q[i] = values[i] * inv;
    for (let i = 0; i < rows; i++) {
      for (let j = i; j < rows; j++) {
        let s = 0;
        for (let c = 0; c < cols; c++) s += q[i * cols + c] * q[j * cols + c];
        gram[i * k + j] = s;
      }
    }
  }
  let maxAbs = 0;
  let sumSquares = 0;
  for (let i = 0; i < k; i++) {
    for (let j = i; j < k; j++) {
      const e = gram[i * k + j] - (i === j ? 1 : 0);
      const a = Math.abs(e);
      if (a > maxAbs) maxAbs = a;
      // Off-diagonal entries appear twice in the symmetric E.
      sumSquares += i === j ? e * e : 2 * e * e;
    }
  }
  return { maxAbs, frobenius: Math.sqrt(sumSquares), gram: tall ? 'QᵀQ' : 'QQᵀ' };
}
