/** The ziggurat tables compiled into the engine equal numpy's, bit for bit (fixture copy of ziggurat_constants.h). */
import * as assert from 'node:assert/strict';
import { FI_DOUBLE, KI_DOUBLE, WI_DOUBLE, ZIGGURAT_NOR_INV_R, ZIGGURAT_NOR_R } from '../../src/core/random/zigguratTables';
import { hex64, readFixture } from './randomFixtures';

interface Tables {
  ziggurat_nor_r: string;
  ziggurat_nor_inv_r: string;
  ki_double: string[];
  wi_double: string[];
  fi_double: string[];
}

const tables = readFixture<Tables>('ziggurat_double_tables.json');

suite('random engine: ziggurat tables', () => {
  test('r and 1/r', () => {
    assert.equal(hex64(ZIGGURAT_NOR_R), tables.ziggurat_nor_r);
    assert.equal(hex64(ZIGGURAT_NOR_INV_R), tables.ziggurat_nor_inv_r);
  });

  test('ki: 256 uint64 thresholds, exact integers below 2^52', () => {
    assert.equal(KI_DOUBLE.length, 256);
    const expected = tables.ki_double.map((h) => parseInt(h, 16));
    assert.ok(expected.every((k) => k < 2 ** 52 && Number.isSafeInteger(k)));
    assert.deepEqual(Array.from(KI_DOUBLE), expected);
  });

  test('wi and fi: 256 doubles each, identical bit patterns', () => {
    assert.deepEqual(Array.from(WI_DOUBLE, hex64), tables.wi_double);
    assert.deepEqual(Array.from(FI_DOUBLE, hex64), tables.fi_double);
  });
});
