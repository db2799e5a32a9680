/**
 * Output shapes of tensor ops between layers (`src/core/model/read/opShapes.ts`), against NumPy:
 * every expected shape below is what `np.empty(shape)[key].shape`, `np.matmul`, `np.transpose`,
 * `np.expand_dims`, `np.squeeze` and `np.reshape` printed. Keras's `compute_output_spec` for these
 * ops follows NumPy, and keeps None where a dimension is unknown.
 */
import * as assert from 'node:assert/strict';
import {
  depthToSpaceShape,
  einsumShape,
  oneHotShape,
  stackShape,
  tileShape,
  expandDimsShape,
  indexShape,
  matmulShape,
  reshapeShape,
  squeezeShape,
  transposeShape,
  type IndexKey,
} from '../../src/core/model/read/opShapes';

/** `"::2, 3:1:-1"` → the key Python builds for `a[::2, 3:1:-1]`. */
function key(text: string): IndexKey[] {
  return text.split(',').map((part): IndexKey => {
    const p = part.trim();
    if (p === '...') return { kind: 'ellipsis' };
    if (p === 'None') return { kind: 'newaxis' };
    if (!p.includes(':')) return { kind: 'int', value: Number(p) };
    const [lower, upper, step] = p.split(':').map((b) => (b === undefined || b === '' ? null : Number(b)));
    return { kind: 'slice', lower, upper: upper ?? null, step: step ?? null };
  });
}

suite('tensor op shapes (NumPy rules)', () => {
  test('indexing and slicing', () => {
    const cases: [number[], string, number[]][] = [
      [[5, 7], '1:4', [3, 7]],
      [[5, 7], ':, 0', [5]],
      [[5, 7], '-2:', [2, 7]],
      [[5, 7], '::-1', [5, 7]],
      [[5, 7], '::2, 3:1:-1', [3, 2]],
      [[5, 7, 3], '..., -1', [5, 7]],
      [[5, 7, 3], 'None, :, 1', [1, 5, 3]],
      [[5, 7, 3], ':, ::3, None, 1:3', [5, 3, 1, 2]],
      [[9], '10:', [0]],
      [[9], '-20:3', [3]],
      [[9], '7:2:-2', [3]],
      [[4, 6], '..., None', [4, 6, 1]],
      [[4, 6, 2], '1, ..., 0', [6]],
    ];
    for (const [shape, k, expected] of cases) assert.deepEqual(indexShape(shape, key(k)), expected, `(${shape})[${k}]`);
  });

  test('indexing keeps unknown dimensions unknown and rejects what Keras rejects', () => {
    assert.deepEqual(indexShape([null, 10, 16], key(':, 0')), [null, 16]);
    assert.deepEqual(indexShape([null, 10, 16], key('1:, -2:')), [null, 2, 16]);
    assert.match(indexShape([null, 4], key(':, 4')) as string, /index 4 is out of bounds for an axis of 4/);
    assert.match(indexShape([3], key('0, 0')) as string, /more axes than the tensor's 1/);
    assert.match(indexShape([3, 3], key('..., 0, ...')) as string, /more than one ellipsis/);
  });

  test('matmul, with batch broadcasting and 1-D operands', () => {
    const cases: [number[], number[], number[]][] = [
      [
        [3, 4],
        [4, 5],
        [3, 5],
      ],
      [
        [2, 3, 4],
        [4, 5],
        [2, 3, 5],
      ],
      [[4], [4, 5], [5]],
      [[3, 4], [4], [3]],
      [[4], [4], []],
      [
        [2, 1, 3, 4],
        [5, 4, 6],
        [2, 5, 3, 6],
      ],
      [
        [7, 3, 4],
        [1, 4, 2],
        [7, 3, 2],
      ],
    ];
    for (const [a, b, expected] of cases) assert.deepEqual(matmulShape(a, b), expected, `matmul (${a}) (${b})`);
    assert.deepEqual(matmulShape([null, 10, 16], [null, 16, 10]), [null, 10, 10]);
    assert.match(matmulShape([null, 3, 4], [5, 6]) as string, /inner dimensions of shapes \(None, 3, 4\) and \(5, 6\) differ/);
  });

  test('transpose, expand_dims, squeeze, reshape', () => {
    assert.deepEqual(transposeShape([2, 3, 4], null), [4, 3, 2]);
    assert.deepEqual(transposeShape([2, 3, 4], [1, 2, 0]), [3, 4, 2]);
    assert.deepEqual(transposeShape([2, 3, 4], [0, -1, 1]), [2, 4, 3]);
    assert.match(transposeShape([2, 3, 4], [0, 1]) as string, /do not permute a tensor of rank 3/);
    assert.deepEqual(expandDimsShape([2, 3], [0]), [1, 2, 3]);
    assert.deepEqual(expandDimsShape([2, 3], [-1]), [2, 3, 1]);
    assert.deepEqual(expandDimsShape([2, 3], [0, 3]), [1, 2, 3, 1]);
    assert.deepEqual(squeezeShape([1, 3, 1], null), [3]);
    assert.deepEqual(squeezeShape([1, 3, 1], [-1]), [1, 3]);
    assert.deepEqual(squeezeShape([1, 3, 1], [0, 2]), [3]);
    assert.deepEqual(squeezeShape([null, 3, 1], null), [null, 3]);
    assert.match(squeezeShape([null, 3], [0]) as string, /not of size 1/);
    assert.deepEqual(reshapeShape([2, 3, 4], [-1, 4]), [6, 4]);
    assert.deepEqual(reshapeShape([2, 3, 4], [6, -1]), [6, 4]);
    assert.deepEqual(reshapeShape([2, 3, 4], [24]), [24]);
    assert.deepEqual(reshapeShape([null, 8], [-1, 2, 4]), [null, 2, 4]);
    assert.match(reshapeShape([2, 3, 4], [5, -1]) as string, /24 values do not fill \(5, -1\)/);
  });

  test('stack, tile, one_hot, einsum', () => {
    // NumPy: np.stack([e((2,3))]*2, axis=1).shape == (2, 2, 3); axis=-1 with 3 → (2, 3, 3)
    assert.deepEqual(
      stackShape(
        [
          [2, 3],
          [2, 3],
        ],
        1,
      ),
      [2, 2, 3],
    );
    assert.deepEqual(
      stackShape(
        [
          [2, 3],
          [2, 3],
          [2, 3],
        ],
        -1,
      ),
      [2, 3, 3],
    );
    assert.deepEqual(
      stackShape(
        [
          [null, 3],
          [4, 3],
        ],
        0,
      ),
      [2, null, 3],
    );
    assert.match(
      stackShape(
        [
          [2, 3],
          [2, 4],
        ],
        0,
      ) as string,
      /same shape, found \(2, 4\) and \(2, 3\)/,
    );
    // np.tile(e((2,3)), (2,)) → (2, 6); (2,1,3) → (2, 2, 9)
    assert.deepEqual(tileShape([2, 3], [2]), [2, 6]);
    assert.deepEqual(tileShape([2, 3], [2, 1, 3]), [2, 2, 9]);
    assert.deepEqual(tileShape([null, 3], [1, 2]), [null, 6]);
    assert.deepEqual(oneHotShape([null, 6], 9, -1), [null, 6, 9]);
    assert.deepEqual(oneHotShape([null, 6], 9, 1), [null, 9, 6]);
    assert.match(oneHotShape([null, 6], 9, 2) as string, /axis must be -1 or between \[0, 2\)/);
    // np.einsum: 'bqd,bkd->bqk' (2,4,8),(2,5,8) → (2, 4, 5); 'ij,jk->ki' (3,4),(4,6) → (6, 3);
    // 'bhqk,bkhd->bqhd' (2,3,5,7),(2,7,3,4) → (2, 5, 3, 4)
    assert.deepEqual(
      einsumShape('bqd,bkd->bqk', [
        [2, 4, 8],
        [2, 5, 8],
      ]),
      [2, 4, 5],
    );
    assert.deepEqual(
      einsumShape('ij,jk->ki', [
        [3, 4],
        [4, 6],
      ]),
      [6, 3],
    );
    assert.deepEqual(
      einsumShape('bhqk, bkhd -> bqhd', [
        [2, 3, 5, 7],
        [2, 7, 3, 4],
      ]),
      [2, 5, 3, 4],
    );
    assert.deepEqual(
      einsumShape('bqd,bkd->bqk', [
        [null, 4, 8],
        [null, 5, 8],
      ]),
      [null, 4, 5],
    );
    assert.match(einsumShape('...d,d->...', [[2, 3], [3]]) as string, /ellipsis/);
    assert.match(
      einsumShape('ij,jk->ik', [
        [3, 4],
        [5, 6],
      ]) as string,
      /'j' is 4 in one operand and 5 in another/,
    );
  });

  test('depth_to_space and space_to_depth, both data formats', () => {
    // keras/src/ops/nn.py DepthToSpace / SpaceToDepth.compute_output_spec
    assert.deepEqual(depthToSpaceShape([null, 12, 12, 12], 2, false, false), [null, 24, 24, 3]);
    assert.deepEqual(depthToSpaceShape([null, 12, null, 12], 2, true, false), [null, 3, null, 24]);
    assert.deepEqual(depthToSpaceShape([null, 24, 24, 4], 3, false, true), [null, 8, 8, 36]);
    assert.match(
      depthToSpaceShape([null, 4, 4, 6], 2, false, false) as string,
      /channels \(6\) must be divisible by block_size\*\*2 \(4\)/,
    );
    assert.match(depthToSpaceShape([null, 5, 4, 6], 2, false, true) as string, /height \(5\) must be divisible by block_size \(2\)/);
    assert.match(depthToSpaceShape([null, 4, 6], 2, false, false) as string, /4D input tensor/);
  });
});
