import { pathToFileURL } from 'node:url';

/**
 * The dashboard's types (src/web/static/api-types.d.ts), written from the read API's own
 * schemas: the OpenAPI document the service serves at /openapi.json, which @fastify/swagger
 * builds from the routes' TypeBox schemas. The dashboard's JSDoc names a route's answer (or a
 * part of it) and can no longer drift from what the API sends;
 * test/dashboard-api-types.test.ts fails when the committed file is stale.
 *
 * `node --import tsx scripts/dashboard-api-types.ts` rewrites the file.
 */

type Schema = {
  type?: string;
  $ref?: string;
  $id?: string;
  title?: string;
  description?: string;
  nullable?: boolean;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
};

interface OpenApi {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: Schema }> }> }>>;
  components?: { schemas?: Record<string, Schema> };
}

/** A type the dashboard reads: a route's answer, or the part of it at `at` (property names; `[]` is an array's item). */
export interface Answer {
  name: string;
  method: 'get' | 'post';
  path: string;
  status: string;
  at?: string[];
  /** The value without its `null` (a nullable field read where it is set). */
  nonNull?: boolean;
}

/** What the pages read, by the names they use. */
export const DASHBOARD_ANSWERS: readonly Answer[] = [
  { name: 'InvoicePage', method: 'get', path: '/api/v1/invoices', status: '200' },
  { name: 'Invoice', method: 'get', path: '/api/v1/invoices/{id}', status: '200' },
  { name: 'Position', method: 'get', path: '/api/v1/invoices/{id}', status: '200', at: ['positions', '[]'] },
  { name: 'VersionPage', method: 'get', path: '/api/v1/invoices/{id}/versions', status: '200' },
  { name: 'Version', method: 'get', path: '/api/v1/invoices/{id}/versions', status: '200', at: ['items', '[]'] },
  { name: 'ClientPage', method: 'get', path: '/api/v1/clients', status: '200' },
  { name: 'Client', method: 'get', path: '/api/v1/clients/{id}', status: '200' },
  { name: 'EventPage', method: 'get', path: '/api/v1/events', status: '200' },
  { name: 'EventSummary', method: 'get', path: '/api/v1/events', status: '200', at: ['items', '[]'] },
  { name: 'EventDetail', method: 'get', path: '/api/v1/events/{id}', status: '200' },
  { name: 'ReplayResult', method: 'post', path: '/api/v1/events/{id}/replay', status: '200' },
  { name: 'ReplayBatch', method: 'post', path: '/api/v1/events/replay', status: '200' },
  { name: 'SourceList', method: 'get', path: '/api/v1/sources', status: '200' },
  { name: 'Source', method: 'get', path: '/api/v1/sources', status: '200', at: ['items', '[]'] },
  { name: 'Issued', method: 'post', path: '/api/v1/sources', status: '201' },
  { name: 'BslModules', method: 'post', path: '/api/v1/sources/{id}/bsl', status: '200' },
  { name: 'Stats', method: 'get', path: '/api/v1/stats', status: '200' },
  { name: 'SubscriptionList', method: 'get', path: '/api/v1/subscriptions', status: '200' },
  { name: 'Subscription', method: 'get', path: '/api/v1/subscriptions/{id}', status: '200' },
  { name: 'DeliveryCounts', method: 'get', path: '/api/v1/subscriptions/{id}', status: '200', at: ['deliveries'] },
  { name: 'DeliveryPage', method: 'get', path: '/api/v1/subscriptions/{id}/deliveries', status: '200' },
  { name: 'Delivery', method: 'get', path: '/api/v1/subscriptions/{id}/deliveries', status: '200', at: ['items', '[]'] },
  { name: 'AttemptPage', method: 'get', path: '/api/v1/subscriptions/{id}/attempts', status: '200' },
  { name: 'Attempt', method: 'get', path: '/api/v1/subscriptions/{id}/attempts', status: '200', at: ['items', '[]'] },
  { name: 'TestSend', method: 'post', path: '/api/v1/subscriptions/{id}/test', status: '200' },
  { name: 'Reconciliation', method: 'get', path: '/api/v1/reconciliations', status: '200', at: ['items', '[]'] },
  { name: 'ReconciliationDetail', method: 'get', path: '/api/v1/reconciliations/{id}', status: '200' },
  { name: 'ReconciledKind', method: 'get', path: '/api/v1/reconciliations/{id}', status: '200', at: ['report', 'kinds', '[]'] },
];

/** The declaration file's text for an OpenAPI document. */
export function dashboardApiTypes(doc: OpenApi, answers: readonly Answer[] = DASHBOARD_ANSWERS): string {
  const components = doc.components?.schemas ?? {};
  const componentName = (ref: string) => {
    const key = ref.replace('#/components/schemas/', '');
    const schema = components[key];
    if (!schema) throw new Error(`unknown $ref ${ref}`);
    return schema.title ?? schema.$id ?? key;
  };
  const ts = (s: Schema, indent: string): string => {
    const nullable = s.nullable ? ' | null' : '';
    if (s.$ref) return componentName(s.$ref) + nullable;
    const union = s.anyOf ?? s.oneOf;
    if (union) return [...new Set(union.map((u) => ts(u, indent)))].join(' | ') + nullable;
    if (s.allOf) return s.allOf.map((u) => ts(u, indent)).join(' & ') + nullable;
    if (s.const !== undefined) return JSON.stringify(s.const) + nullable;
    if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(' | ') + (s.nullable && !s.enum.includes(null) ? ' | null' : '');
    switch (s.type) {
      case 'string':
        return `string${nullable}`;
      case 'integer':
      case 'number':
        return `number${nullable}`;
      case 'boolean':
        return `boolean${nullable}`;
      case 'null':
        return 'null';
      case 'array': {
        const item = s.items ? ts(s.items, indent) : 'unknown';
        return `${/[|&]/.test(item) ? `Array<${item}>` : `${item}[]`}${nullable}`;
      }
      case 'object':
        return objectType(s, indent) + nullable;
      default:
        return s.properties ? objectType(s, indent) + nullable : 'unknown';
    }
  };
  const objectType = (s: Schema, indent: string): string => {
    const entries = Object.entries(s.properties ?? {});
    const extra = typeof s.additionalProperties === 'object' ? ts(s.additionalProperties, indent) : undefined;
    if (entries.length === 0) return `Record<string, ${extra ?? 'unknown'}>`;
    const inner = `${indent}  `;
    const required = new Set(s.required ?? []);
    const lines = entries.map(([key, value]) => {
      const doc = value.description ? `${inner}/** ${value.description.replace(/\*\//g, '*\\/')} */\n` : '';
      const name = /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
      return `${doc}${inner}${name}${required.has(key) ? '' : '?'}: ${ts(value, inner)};`;
    });
    if (extra) lines.push(`${inner}[key: string]: ${extra};`);
    return `{\n${lines.join('\n')}\n${indent}}`;
  };
  const schemaOf = (answer: Answer): Schema => {
    const response = doc.paths[answer.path]?.[answer.method]?.responses[answer.status];
    let schema = response?.content?.['application/json']?.schema;
    if (!schema) throw new Error(`${answer.method.toUpperCase()} ${answer.path} answers no JSON with ${answer.status}`);
    for (const step of answer.at ?? []) {
      const next: Schema | undefined = step === '[]' ? schema.items : schema.properties?.[step];
      if (!next) throw new Error(`${answer.name}: ${answer.path} has no ${(answer.at ?? []).join('.')}`);
      schema = next.$ref ? components[next.$ref.replace('#/components/schemas/', '')]! : next;
    }
    return answer.nonNull ? { ...schema, nullable: false } : schema;
  };

  const out = [
    "// Written by scripts/dashboard-api-types.ts from the read API's schemas (GET /openapi.json): do not edit.",
    '// `node --import tsx scripts/dashboard-api-types.ts` rewrites it; test/dashboard-api-types.test.ts fails when it is stale.',
    '// Types only, for `tsc -p tsconfig.web.json`; never served (.ts).',
    '',
  ];
  for (const key of Object.keys(components).sort((a, b) =>
    componentName(`#/components/schemas/${a}`).localeCompare(componentName(`#/components/schemas/${b}`)),
  )) {
    out.push(`export type ${componentName(`#/components/schemas/${key}`)} = ${ts({ ...components[key]!, description: undefined }, '')};`, '');
  }
  for (const answer of answers) {
    const where = `${answer.method.toUpperCase()} ${answer.path} ${answer.status}${answer.at ? `, ${answer.at.join('.').replace(/\.\[\]/g, '[]')}` : ''}`;
    out.push(`/** ${where} */`, `export type ${answer.name} = ${ts(schemaOf(answer), '')};`, '');
  }
  return out.join('\n');
}

/** The committed file. */
export const DASHBOARD_TYPES_FILE = new URL('../src/web/static/api-types.d.ts', import.meta.url);

async function main() {
  const fs = await import('node:fs');
  const { startTestService } = await import('../test/helpers/test-service.js');
  const service = await startTestService('sqlite');
  try {
    const doc = (await service.get('/openapi.json')).json as OpenApi;
    fs.writeFileSync(DASHBOARD_TYPES_FILE, dashboardApiTypes(doc));
  } finally {
    await service.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
