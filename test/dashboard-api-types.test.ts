import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { DASHBOARD_TYPES_FILE, dashboardApiTypes } from '../scripts/dashboard-api-types.js';
import { startTestService, type TestService } from './helpers/test-service.js';

describe("the dashboard's API types", () => {
  let t: TestService;
  before(async () => {
    t = await startTestService('sqlite');
  });
  after(() => t?.close());

  it('are the ones the read API schemas give today (rewrite: node --import tsx scripts/dashboard-api-types.ts)', async () => {
    const doc = (await t.get('/openapi.json')).json;
    assert.equal(fs.readFileSync(DASHBOARD_TYPES_FILE, 'utf8'), dashboardApiTypes(doc), 'src/web/static/api-types.d.ts is stale');
  });

  it('follow the schemas: a field, its nullability, an enum, a $ref; an answer the API lacks fails', () => {
    const doc = {
      paths: { '/api/v1/sources': { get: { responses: { '200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/def-0' } } } } } } } },
      components: {
        schemas: {
          'def-0': {
            $id: 'Thing',
            type: 'object',
            required: ['status', 'at'],
            properties: { status: { type: 'string', enum: ['active', 'disabled'] }, at: { type: 'string', nullable: true }, n: { type: 'integer' } },
          },
        },
      },
    };
    const text = dashboardApiTypes(doc as never, [{ name: 'Sources', method: 'get', path: '/api/v1/sources', status: '200' }]);
    assert.match(text, /export type Thing = \{\n {2}status: "active" \| "disabled";\n {2}at: string \| null;\n {2}n\?: number;\n\};/);
    assert.match(text, /export type Sources = Thing;/);
    assert.throws(() => dashboardApiTypes(doc as never), /answers no JSON/);
  });
});
