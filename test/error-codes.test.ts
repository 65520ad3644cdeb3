import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { it } from 'node:test';
import { ERROR_CODES } from '../src/errors/error-codes.js';

it('docs/errors.md documents every error code with its status and retryability', () => {
  const doc = fs.readFileSync(path.resolve(import.meta.dirname, '../docs/errors.md'), 'utf8');
  for (const [code, { status, retry }] of Object.entries(ERROR_CODES)) {
    const row = doc.split('\n').find((line) => line.startsWith(`| \`${code}\` |`));
    assert.ok(row, `${code} is missing from docs/errors.md`);
    const [, , httpStatus, retryCell] = row.split('|').map((c) => c.trim());
    assert.equal(Number(httpStatus), status, `${code}: status`);
    assert.equal(retryCell, retry ? 'yes' : 'no', `${code}: retry`);
  }
});
