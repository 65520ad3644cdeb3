/**
 * A test OData server that answers like 1C's standard interface (OData v3,
 * /odata/standard.odata/): JSON on `$format=json`, an Atom feed otherwise; `$select`, `$filter`
 * (and/or of `Field op literal`, `guid'…'` and `datetime'…'` literals), `$orderby`, `$top`,
 * `$skip`, `$expand` of references; no `$count`; a 500 for an order comparison on Ref_Key (as
 * real 1C answers); a 400 for an answer that would carry a control character; basic auth; and
 * a switch that makes it unreachable after a number of requests.
 */
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A number as 1C writes it: its decimal text, unquoted. */
export class Num {
  constructor(readonly text: string) {}
}
export type Value = string | boolean | null | Num | Value[] | { [key: string]: Value };
export type Entity = { [key: string]: Value };

export interface FakeODataOptions {
  user?: string;
  password?: string;
  /** Requests answered before every later one finds the connection closed. */
  unreachableAfter?: number;
  /** Where the entities come from; by default the sets the test fills by hand (`set`, `remove`). */
  source?: EntitySource;
}

/** What the server serves: entity sets as they are at the moment of each request. */
export interface EntitySource {
  /** The entities of a set (`Document_X`, a tabular section's `Document_X_Товары`, `Catalog_Y`); undefined: no such set (404). */
  entities(set: string): readonly Entity[] | undefined;
  /** A catalog object by its Ref_Key, for `$expand` of a reference (GUIDs are unique across the base). */
  catalogObject(refKey: string): Entity | null;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: 1C cannot serialise these (XML 1.0 forbids them).
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;

export class FakeOData {
  /** Entity set name → its entities. Tabular sections are sets of their own (`Document_X_Товары`). */
  readonly sets = new Map<string, Entity[]>();
  requests = 0;
  readonly log: string[] = [];
  private server: http.Server | undefined;

  constructor(public options: FakeODataOptions = {}) {}

  private get source(): EntitySource {
    // The hand-fed sets: a set the test never filled is an empty one.
    return this.options.source ?? { entities: (set) => this.sets.get(set) ?? [], catalogObject: (key) => this.find(key) };
  }

  set(name: string): Entity[] {
    const list = this.sets.get(name) ?? [];
    this.sets.set(name, list);
    return list;
  }

  /** Every row of `name` with this Ref_Key removed (an object deleted bypassing the handlers). */
  remove(name: string, refKey: string): void {
    for (const [set, list] of this.sets) {
      if (set === name || set.startsWith(`${name}_`))
        this.sets.set(
          set,
          list.filter((e) => e.Ref_Key !== refKey),
        );
    }
  }

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      try {
        this.handle(req, res);
      } catch (error) {
        // A bug here must fail the test at once, not leave the client waiting for its timeout.
        res.writeHead(599, { 'content-type': 'text/plain' });
        res.end(String((error as Error).stack));
      }
    });
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/base/odata/standard.odata`;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): undefined {
    this.requests++;
    if (this.options.unreachableAfter !== undefined && this.requests > this.options.unreachableAfter) {
      req.socket.destroy();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://x');
    this.log.push(decodeURIComponent(url.pathname + url.search));
    const json = url.searchParams.get('$format') === 'json';
    const fail = (status: number, message: string): undefined => {
      if (json) {
        res.writeHead(status, { 'content-type': 'application/json;charset=utf-8' });
        res.end(JSON.stringify({ 'odata.error': { code: '-1', message: { lang: 'ru', value: message } } }));
      } else {
        res.writeHead(status, { 'content-type': 'application/xml;charset=utf-8' });
        res.end(
          `<?xml version="1.0" encoding="utf-8"?><m:error xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata"><m:code>-1</m:code><m:message xml:lang="ru">${message}</m:message></m:error>`,
        );
      }
    };
    if (this.options.user !== undefined) {
      const expected = `Basic ${Buffer.from(`${this.options.user}:${this.options.password ?? ''}`).toString('base64')}`;
      if (req.headers.authorization !== expected) {
        res.writeHead(401, { 'content-type': 'text/html', 'www-authenticate': 'Basic realm="1C"' });
        res.end('<html><head><title>401 Unauthorized</title></head><body>Unauthorized</body></html>');
        return;
      }
    }
    const path = decodeURIComponent(url.pathname).replace(/^\/base\/odata\/standard\.odata\//, '');
    if (path.endsWith('/$count')) return fail(404, 'Сегмент $count не поддерживается');
    const one = /^(\w+)\(guid'([0-9a-f-]{36})'\)$/.exec(path);
    const setName = one ? one[1]! : path;
    const entities = this.source.entities(setName);
    if (entities === undefined) return fail(404, `Не найден сегмент ресурса: ${setName}`);
    const filter = url.searchParams.get('$filter');
    // A chain of `Ref_Key eq` reads its rows through an index (a bench base has 200,000 section rows); same answer.
    const byKeys = filter && !this.options.source ? keysOf(filter) : null;
    let rows = byKeys ? byKeys.flatMap((k) => this.indexOf(setName).get(k) ?? []) : [...entities];
    if (one) rows = rows.filter((e) => e.Ref_Key === one[2]);
    if (filter && !byKeys) {
      const joiner = / or /.test(filter) ? 'or' : 'and';
      const terms = filter
        .replace(/^\(|\)$/g, '')
        .split(` ${joiner} `)
        .map((t) => /^(\w+) (eq|ne|gt|ge|lt|le) (.+)$/.exec(t.trim()));
      if (terms.some((t) => !t)) return fail(400, `Неверный фильтр: ${filter}`);
      for (const t of terms) {
        if (t![1] === 'Ref_Key' && t![2] !== 'eq' && t![2] !== 'ne')
          return fail(500, 'Ошибка при выполнении запроса: сравнение значений типа УникальныйИдентификатор');
      }
      const test = (e: Entity, t: RegExpExecArray) => compare(e[t[1]!] ?? null, literal(t[3]!), t[2]!);
      rows = rows.filter((e) => (joiner === 'or' ? terms.some((t) => test(e, t!)) : terms.every((t) => test(e, t!))));
    }
    const orderby = url.searchParams.get('$orderby');
    if (orderby) {
      const keys = orderby.split(',').map((k) => k.trim().split(/\s+/) as [string, string?]);
      rows.sort((a, b) => {
        for (const [field, dir] of keys) {
          const c = order(a[field] ?? null, b[field] ?? null, field);
          if (c !== 0) return dir === 'desc' ? -c : c;
        }
        return 0;
      });
    }
    const skip = Number(url.searchParams.get('$skip') ?? 0);
    const top = url.searchParams.get('$top');
    rows = rows.slice(skip, top === null ? undefined : skip + Number(top));
    const expand = url.searchParams.get('$expand')?.split(',') ?? [];
    const select = url.searchParams.get('$select')?.split(',');
    const out = rows.map((e) => {
      const shown: Entity = {};
      for (const [k, v] of Object.entries(e)) if (!select || select.includes(k)) shown[k] = v;
      for (const nav of expand) {
        const key = e[`${nav}_Key`];
        shown[nav] = typeof key === 'string' ? this.source.catalogObject(key) : null;
      }
      return shown;
    });
    const text = one ? write(out[0] ?? null) : `{"odata.metadata":"${setName}","value":${write(out)}}`;
    if (one && out.length === 0) return fail(404, 'Объект не найден');
    if (out.some(hasControl)) return fail(400, 'Недопустимый символ в значении');
    if (json) {
      res.writeHead(200, { 'content-type': 'application/json;charset=utf-8' });
      res.end(text);
    } else {
      const base = `http://${req.headers.host ?? '127.0.0.1'}/base/odata/standard.odata/`;
      res.writeHead(200, { 'content-type': `application/atom+xml;type=${one ? 'entry' : 'feed'};charset=utf-8` });
      res.end(one ? atomEntry(base, setName, out[0]!, true) : atomFeed(base, setName, out));
    }
  }

  /** A referenced catalog object among the hand-fed sets (GUIDs are unique across the base). */
  private find(key: string): Entity | null {
    for (const set of this.sets.keys()) {
      if (!set.startsWith('Catalog_') || set.split('_').length > 2) continue;
      const found = this.indexOf(set).get(key)?.[0];
      if (found) return found;
    }
    return null;
  }

  private readonly indexes = new Map<string, { list: Entity[]; length: number; byRef: Map<string, Entity[]> }>();

  /** Rows of a set by Ref_Key, rebuilt when the set was replaced or grew (`set(…).push`, `remove`). */
  private indexOf(name: string): Map<string, Entity[]> {
    const list = this.sets.get(name) ?? [];
    const cached = this.indexes.get(name);
    if (cached && cached.list === list && cached.length === list.length) return cached.byRef;
    const byRef = new Map<string, Entity[]>();
    for (const e of list) {
      const key = typeof e.Ref_Key === 'string' ? e.Ref_Key : '';
      const rows = byRef.get(key);
      if (rows) rows.push(e);
      else byRef.set(key, [e]);
    }
    this.indexes.set(name, { list, length: list.length, byRef });
    return byRef;
  }
}

/** The keys of a filter that is only `Ref_Key eq guid'…'` terms joined by `or` (distinct, in order); null otherwise. */
function keysOf(filter: string): string[] | null {
  const terms = filter.replace(/^\(|\)$/g, '').split(' or ');
  const keys: string[] = [];
  for (const t of terms) {
    const m = /^Ref_Key eq guid'([0-9a-f-]{36})'$/.exec(t.trim());
    if (!m) return null;
    if (!keys.includes(m[1]!)) keys.push(m[1]!);
  }
  return keys;
}

const ATOM_NS =
  'xmlns="http://www.w3.org/2005/Atom" xmlns:d="http://schemas.microsoft.com/ado/2007/08/dataservices" xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata"';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DATETIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/;
const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** 1C's Atom feed: one `<entry>` per entity, its fields as `<d:Name m:type="Edm.…">` in `<m:properties>`. */
function atomFeed(base: string, set: string, entities: readonly Entity[]): string {
  const updated = new Date().toISOString().slice(0, 19);
  return `<?xml version="1.0" encoding="UTF-8"?><feed ${ATOM_NS} xml:base="${xml(base)}"><id>${xml(base + set)}</id><title type="text">${xml(set)}</title><updated>${updated}</updated><author/>${entities
    .map((e) => atomEntry(base, set, e, false))
    .join('')}</feed>`;
}

function atomEntry(base: string, set: string, e: Entity, root: boolean): string {
  const key = typeof e.Ref_Key === 'string' ? `(guid'${e.Ref_Key}')` : '';
  const head = root ? `<?xml version="1.0" encoding="UTF-8"?><entry ${ATOM_NS} xml:base="${xml(base)}">` : '<entry>';
  const properties = Object.entries(e)
    .filter(([, v]) => !(v !== null && typeof v === 'object' && !(v instanceof Num)))
    .map(([k, v]) => atomProperty(k, v))
    .join('');
  return `${head}<id>${xml(base + set + key)}</id><category term="StandardODATA.${xml(set)}" scheme="http://schemas.microsoft.com/ado/2007/08/dataservices/scheme"/><title type="text"/><updated>${new Date().toISOString().slice(0, 19)}</updated><author/><summary/><link rel="edit" href="${xml(set + key)}" title="edit-link"/><content type="application/xml"><m:properties>${properties}</m:properties></content></entry>`;
}

/** A field in Atom: its EDM type said as 1C says it (numbers Edm.Double, LineNumber Edm.Int64, keys Edm.Guid). */
function atomProperty(name: string, v: Value): string {
  if (v === null) return `<d:${name} m:null="true"/>`;
  const type =
    v instanceof Num
      ? 'Edm.Double'
      : typeof v === 'boolean'
        ? 'Edm.Boolean'
        : name === 'LineNumber'
          ? 'Edm.Int64'
          : GUID.test(String(v))
            ? 'Edm.Guid'
            : DATETIME.test(String(v))
              ? 'Edm.DateTime'
              : undefined;
  const text = v instanceof Num ? v.text : String(v);
  return `<d:${name}${type ? ` m:type="${type}"` : ''}>${xml(text)}</d:${name}>`;
}

function hasControl(v: Value): boolean {
  if (typeof v === 'string') return CONTROL.test(v);
  if (Array.isArray(v)) return v.some(hasControl);
  if (v !== null && typeof v === 'object' && !(v instanceof Num)) return Object.values(v).some(hasControl);
  return false;
}

function literal(text: string): Value {
  const m = /^(guid|datetime)'(.*)'$/.exec(text);
  if (m) return m[2]!;
  if (text === 'true' || text === 'false') return text === 'true';
  if (/^'.*'$/.test(text)) return text.slice(1, -1);
  return new Num(text);
}

function scalar(v: Value): string | number | boolean | null {
  if (v instanceof Num) return Number(v.text);
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  return null;
}

function order(a: Value, b: Value, field: string): number {
  const x = field === 'LineNumber' ? Number(a) : scalar(a);
  const y = field === 'LineNumber' ? Number(b) : scalar(b);
  if (x === y) return 0;
  if (x === null) return -1;
  if (y === null) return 1;
  return x < y ? -1 : 1;
}

function compare(a: Value, b: Value, op: string): boolean {
  const c = order(a, b, '');
  switch (op) {
    case 'eq':
      return c === 0;
    case 'ne':
      return c !== 0;
    case 'gt':
      return c > 0;
    case 'ge':
      return c >= 0;
    case 'lt':
      return c < 0;
    default:
      return c <= 0;
  }
}

/** JSON with 1C's numbers written as they are (no float between). */
function write(v: Value): string {
  if (v instanceof Num) return v.text;
  if (Array.isArray(v)) return `[${v.map(write).join(',')}]`;
  if (v !== null && typeof v === 'object')
    return `{${Object.entries(v)
      .map(([k, x]) => `${JSON.stringify(k)}:${write(x)}`)
      .join(',')}}`;
  return JSON.stringify(v);
}
