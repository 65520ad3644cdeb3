import { KINDS } from '../../domain/kinds.js';
import { type KindPlan, planKinds, shippedKinds } from './kind-plans.js';
import type { BslAuth, BslNames, BslOptions } from './types.js';

export const DEFAULT_NAMES: Readonly<BslNames> = Object.freeze({
  receipt: KINDS.incoming.oneCName,
  invoice: KINDS.outgoing.oneCName,
  client: KINDS.client.oneCName,
  commonModule: 'СинхронизацияERP',
  queueRegister: 'ОчередьОтправкиERP',
  numbersRegister: 'НомераСобытийERP',
  scheduledJob: 'ОтправкаВERP',
  goodsTable: 'Товары',
  servicesTable: 'Услуги',
  counterparty: 'Контрагент',
  edrpou: 'КодПоЕДРПОУ',
  taxId: 'ИНН',
});

export interface Endpoint {
  /** The URL as given, without a trailing slash: used in the guides. */
  display: string;
  secure: boolean;
  host: string;
  port: number;
  /** "" or "/base" — prefixed to every resource path. */
  basePath: string;
}

/** Everything the templates need, validated once at the edge; the templates then trust them. */
export interface Resolved {
  names: BslNames;
  endpoint: Endpoint;
  sourceId: string;
  auth: BslAuth;
  timeoutSeconds: number;
  includeServices: boolean;
  includeVat: boolean;
  /** The kinds the modules send, classic three first, with the options applied. */
  kinds: KindPlan[];
}

/**
 * A 1C identifier: a letter or "_" first, then letters, digits, "_". Metadata names go
 * verbatim into code (`Документы.<Имя>`), so anything else would break the module.
 */
const IDENTIFIER = /^[\p{L}_][\p{L}\p{Nd}_]*$/u;

/** Standard Webhooks secret: "whsec_" + base64 (the Standard Webhooks specification's secret format). */
const WHSEC = /^whsec_[A-Za-z0-9+/]+={0,2}$/;

export function resolveOptions(options: BslOptions): Resolved {
  const names: BslNames = { ...DEFAULT_NAMES };
  for (const [key, value] of Object.entries(options.names ?? {})) {
    if (!(key in DEFAULT_NAMES)) throw new Error(`unknown name "${key}"`);
    if (value === undefined) continue;
    if (!IDENTIFIER.test(value)) throw new Error(`names.${key}: "${value}" is not a 1C identifier`);
    names[key as keyof BslNames] = value;
  }

  const timeoutSeconds = options.timeoutSeconds ?? 30;
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1 || timeoutSeconds > 3600) {
    throw new Error(`timeoutSeconds must be an integer from 1 to 3600, got ${String(options.timeoutSeconds)}`);
  }

  const sourceId = options.sourceId.trim();
  if (!/^[\w.:-]{1,100}$/.test(sourceId)) {
    throw new Error(`sourceId "${options.sourceId}" must be 1-100 characters of letters, digits, "_", "-", ".", ":"`);
  }

  const includeServices = options.includeServices ?? true;
  const includeVat = options.includeVat ?? true;
  return {
    names,
    endpoint: parseEndpoint(options.url),
    sourceId,
    auth: checkAuth(options.auth),
    timeoutSeconds,
    includeServices,
    includeVat,
    kinds: planKinds(options.kinds ?? shippedKinds(), { names, includeServices, includeVat }),
  };
}

export function parseEndpoint(url: string): Endpoint {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    throw new Error(`url "${url}" is not an absolute URL (e.g. https://erp.example.com)`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error(`url "${url}": only http and https are supported`);
  if (parsed.username || parsed.password) throw new Error(`url "${url}": credentials in the URL are not supported; use --token or --secret`);
  if (parsed.search || parsed.hash) throw new Error(`url "${url}": a query string or fragment is not supported`);
  const secure = parsed.protocol === 'https:';
  // URL drops the default port (443/80) from .port; 1C's HTTPСоединение wants it explicit.
  const port = parsed.port ? Number(parsed.port) : secure ? 443 : 80;
  // IPv6 literals come bracketed ("[::1]"); HTTPСоединение takes the bare address.
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  const basePath = decodeURI(parsed.pathname).replace(/\/+$/, '');
  checkPlain(basePath, 'url path');
  return { display: `${parsed.origin}${basePath}`, secure, host, port, basePath };
}

function checkAuth(auth: BslAuth): BslAuth {
  if (auth.kind === 'secret') {
    if (!WHSEC.test(auth.secret) || Buffer.from(auth.secret.slice(6), 'base64').length === 0) {
      throw new Error('secret must look like whsec_<base64> (Standard Webhooks)');
    }
    return { kind: 'secret', secret: auth.secret };
  }
  if (auth.kind === 'token') {
    checkPlain(auth.token, 'token');
    if (auth.token.length === 0 || /\s/.test(auth.token)) throw new Error('token must be non-empty and contain no whitespace');
    return { kind: 'token', token: auth.token };
  }
  return { kind: 'none' };
}

/** Values that end up inside a BSL string literal on one line. */
function checkPlain(value: string, what: string): void {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what this refuses.
  if (/[\u0000-\u001f\u007f]/.test(value)) throw new Error(`${what} must not contain control characters`);
}

/** A BSL string literal: quotes doubled, the only escape the language has. */
export function bslString(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}
