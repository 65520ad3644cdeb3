import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addDecimals, compareDecimals, exactDecimal, normaliseDecimal, numberToDecimal } from '../src/domain/decimal.js';

/** The reference: scaled BigInt arithmetic, no fast path. */
function referenceSum(values: string[]): string {
  const scale = Math.max(0, ...values.map((t) => (t.includes('.') ? t.length - t.indexOf('.') - 1 : 0)));
  let sum = 0n;
  for (const v of values) {
    const [i, f = ''] = v.replace('-', '').split('.') as [string, string?];
    const x = BigInt(i + f.padEnd(scale, '0'));
    sum += v.startsWith('-') ? -x : x;
  }
  const digits = (sum < 0n ? -sum : sum).toString().padStart(scale + 1, '0');
  return normaliseDecimal(`${sum < 0n ? '-' : ''}${scale ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits}`);
}

describe('exact decimals', () => {
  it('adds like BigInt arithmetic on thousands of random 1C amounts, never like floats', () => {
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let k = 0; k < 5000; k++) {
      const values = Array.from({ length: 1 + (k % 25) }, () => {
        const scale = Math.floor(rand() * 4);
        const n = Math.floor(rand() * 10 ** (2 + Math.floor(rand() * 12)));
        return (rand() < 0.1 ? '-' : '') + (scale ? (n / 10 ** scale).toFixed(scale) : String(n));
      });
      assert.equal(addDecimals(values), referenceSum(values), JSON.stringify(values));
    }
    assert.equal(addDecimals(['0.1', '0.2']), '0.3');
    assert.equal(addDecimals(['99999999999999.99', '0.01']), '100000000000000');
    assert.equal(addDecimals(['12345678901234567.89', '0.11']), '12345678901234568');
  });

  it('knows which doubles are exactly the decimal 1C wrote', () => {
    assert.notEqual(exactDecimal(1234567890123.45), null);
    assert.notEqual(exactDecimal(0.001), null);
    assert.notEqual(exactDecimal(1e-7), null);
    assert.equal(exactDecimal(Number('99999999999999.99')), null, '16 significant digits');
    assert.equal(exactDecimal(Number('12345678901234567')), null);
    assert.equal(numberToDecimal(1e-7), '0.0000001');
    assert.equal(numberToDecimal(1.5e21), '1500000000000000000000');
    assert.equal(numberToDecimal(-0), '0');
  });

  it('gives the exact decimal of a double, or null when 1C wrote more digits than it keeps', () => {
    assert.equal(exactDecimal(1234567890123.45), '1234567890123.45');
    assert.equal(exactDecimal(-0.5), '-0.5');
    assert.equal(exactDecimal(-0), '0');
    assert.equal(exactDecimal(1e-7), '0.0000001');
    assert.equal(exactDecimal(-1.25e-8), '-0.0000000125');
    assert.equal(exactDecimal(Number('99999999999999.99')), null);
    assert.equal(exactDecimal(Number('12345678901234567')), null);
    assert.equal(exactDecimal(Number.NaN), null);
    const cases: Array<[number, string]> = [
      [0, '0'],
      [1, '1'],
      [0.1, '0.1'],
      [19.99, '19.99'],
      [100000000000000, '100000000000000'],
      [123456789012.345, '123456789012.345'],
      [1e21, '1000000000000000000000'],
      [-7.5e-7, '-0.00000075'],
    ];
    for (const [value, text] of cases) assert.equal(exactDecimal(value), text, String(value));
  });

  it('normalises and compares', () => {
    assert.equal(normaliseDecimal('007.500'), '7.5');
    assert.equal(normaliseDecimal('-0.00'), '0');
    assert.equal(compareDecimals('10', '9.99'), 1);
    assert.equal(compareDecimals('1.10', '1.1'), 0);
  });
});
