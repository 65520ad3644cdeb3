import assert from 'node:assert/strict';
import { it } from 'node:test';
import { selectedDialects } from './helpers/dialects.js';

it('TEST_DIALECTS narrows the dialect loop locally, and is an error under CI instead of a silent drop', () => {
  assert.deepEqual(selectedDialects({}), ['sqlite', 'postgres']);
  assert.deepEqual(selectedDialects({ TEST_DIALECTS: 'sqlite' }), ['sqlite']);
  assert.deepEqual(selectedDialects({ TEST_DIALECTS: ' postgres ' }), ['postgres']);
  assert.deepEqual(selectedDialects({ CI: 'true' }), ['sqlite', 'postgres']);
  assert.deepEqual(selectedDialects({ CI: 'true', TEST_DIALECTS: 'postgres,sqlite' }), ['sqlite', 'postgres']);
  assert.throws(() => selectedDialects({ CI: 'true', TEST_DIALECTS: 'sqlite' }), /would drop postgres/);
  assert.throws(() => selectedDialects({ CI: 'true', TEST_DIALECTS: 'postgres' }), /would drop sqlite/);
});
