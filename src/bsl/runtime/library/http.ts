/**
 * HTTPСоединение / HTTPЗапрос / HTTPОтвет making real requests with node:http(s), and
 * ЗащищенноеСоединениеOpenSSL, СертификатыУдостоверяющихЦентровОС, ИнтернетПрокси.
 *
 * 1C facts relied on: the constructor is (Сервер, Порт, Пользователь, Пароль, Прокси, Таймаут,
 * ЗащищенноеСоединение, ИспользоватьАутентификациюОС) — the proxy is the fifth parameter;
 * Таймаут is in seconds, 0 = none; a refused connection or a timeout raises an exception
 * ("Ошибка работы с Интернет: …", the platform's libcurl texts); any HTTP status, 4xx and 5xx
 * included, is a normal HTTPОтвет. ЗащищенноеСоединениеOpenSSL without CA certificates does
 * not verify the server; with СертификатыУдостоверяющихЦентровОС it verifies against the
 * system store (node's). СертификатыУдостоверяющихЦентровОС exists only on new platforms:
 * above 8.3.21, and within 8.3.22/8.3.23/8.3.24 only from builds 8.3.22.2470/8.3.23.2122/8.3.24.1446.
 */
import http from 'node:http';
import https from 'node:https';
import { defineClass, PlatformObject } from '../class-def.js';
import { BslError } from '../errors.js';
import type { CallContext, ConstructorDef } from '../host-api.js';
import { type BslValue, isObject } from '../values.js';
import { int, n, str } from './args.js';
import { BinaryData, decodeText, encodeText } from './binary.js';
import { BslMap } from './collections.js';
import { URL_ENCODING_FUNCTIONS } from './url-encoding.js';

// ---------- TLS and proxy ----------

const OS_CA = defineClass<OsCertificates>({ ru: 'СертификатыУдостоверяющихЦентровОС', en: 'OSCertificationAuthorityCertificates' });
export class OsCertificates extends PlatformObject {
  readonly cls = OS_CA;
}

const SECURE = defineClass<SecureConnection>({
  ru: 'ЗащищенноеСоединениеOpenSSL',
  en: 'OpenSSLSecureConnection',
});
export class SecureConnection extends PlatformObject {
  readonly cls = SECURE;
  constructor(
    readonly clientCertificate: BslValue,
    readonly caCertificates: BslValue,
  ) {
    super();
  }
}

const PROXY = defineClass<InternetProxy>({
  ru: 'ИнтернетПрокси',
  en: 'InternetProxy',
  methods: {
    Установить: {
      en: 'Set',
      min: 2,
      max: 6,
      call: (s, [protocol, server, port, user, password]) => {
        s.servers.set(str(protocol).toLowerCase(), {
          host: str(server),
          port: port === undefined ? 0 : int(port),
          user: user === undefined ? '' : str(user),
          password: password === undefined ? '' : str(password),
        });
        return undefined;
      },
    },
    Сервер: { en: 'Server', min: 0, max: 1, call: (s, [p]) => s.servers.get(p === undefined ? 'http' : str(p).toLowerCase())?.host ?? '' },
    Порт: { en: 'Port', min: 0, max: 1, call: (s, [p]) => n(s.servers.get(p === undefined ? 'http' : str(p).toLowerCase())?.port ?? 0) },
  },
  properties: {
    НеИспользоватьПроксиДляЛокальныхАдресов: {
      en: 'BypassProxyOnLocal',
      get: (s) => s.bypassLocal,
      set: (s, v) => {
        s.bypassLocal = v === true;
      },
    },
  },
});
export class InternetProxy extends PlatformObject {
  readonly cls = PROXY;
  readonly servers = new Map<string, { host: string; port: number; user: string; password: string }>();
  bypassLocal = false;
}

// ---------- request / response ----------

const REQUEST = defineClass<HttpRequest>({
  ru: 'HTTPЗапрос',
  en: 'HTTPRequest',
  properties: {
    АдресРесурса: {
      en: 'ResourceAddress',
      get: (s) => s.resource,
      set: (s, v) => {
        s.resource = str(v);
      },
    },
    Заголовки: {
      en: 'Headers',
      get: (s) => s.headers,
      set: (s, v) => {
        if (!(v instanceof BslMap)) throw new BslError('Заголовки: ожидается Соответствие');
        s.headers = v;
      },
    },
  },
  methods: {
    УстановитьТелоИзСтроки: {
      en: 'SetBodyFromString',
      min: 1,
      max: 3,
      call: (s, [text, enc, bom]) => {
        s.body = encodeText(str(text), enc, bom);
        return undefined;
      },
    },
    УстановитьТелоИзДвоичныхДанных: {
      en: 'SetBodyFromBinaryData',
      min: 1,
      max: 1,
      call: (s, [b]) => {
        if (!(b instanceof BinaryData)) throw new BslError('Неверный тип параметра: ожидаются ДвоичныеДанные');
        s.body = b.bytes;
        return undefined;
      },
    },
    ПолучитьТелоКакСтроку: { en: 'GetBodyAsString', call: (s) => decodeText(s.body, undefined) },
    ПолучитьТелоКакДвоичныеДанные: { en: 'GetBodyAsBinaryData', call: (s) => new BinaryData(s.body) },
    УстановитьИмяФайлаТела: {
      en: 'SetBodyFileName',
      min: 1,
      max: 1,
      call: () => {
        throw new BslError('Файлы недоступны в среде выполнения');
      },
    },
  },
});

export class HttpRequest extends PlatformObject {
  readonly cls = REQUEST;
  body: Buffer = Buffer.alloc(0);
  constructor(
    public resource: string,
    public headers: BslMap,
  ) {
    super();
  }
}

const RESPONSE = defineClass<HttpResponse>({
  ru: 'HTTPОтвет',
  en: 'HTTPResponse',
  properties: {
    КодСостояния: { en: 'StatusCode', get: (s) => n(s.status) },
    Заголовки: { en: 'Headers', get: (s) => s.headers },
  },
  methods: {
    ПолучитьТелоКакСтроку: { en: 'GetBodyAsString', min: 0, max: 1, call: (s, [enc]) => decodeText(s.body, enc ?? s.charset()) },
    ПолучитьТелоКакДвоичныеДанные: { en: 'GetBodyAsBinaryData', call: (s) => new BinaryData(s.body) },
    ПолучитьИмяФайлаТела: { en: 'GetBodyFileName', call: () => undefined },
  },
});

export class HttpResponse extends PlatformObject {
  readonly cls = RESPONSE;
  constructor(
    readonly status: number,
    readonly headers: BslMap,
    readonly body: Buffer,
  ) {
    super();
  }

  /** The charset the server declared; UTF-8 otherwise. */
  charset(): string {
    const ct = [...this.headers.entries.values()].find((e) => typeof e.key === 'string' && e.key.toLowerCase() === 'content-type')?.value;
    const m = /charset=([\w-]+)/i.exec(typeof ct === 'string' ? ct : '');
    return m ? m[1]! : 'UTF8';
  }
}

// ---------- connection ----------

const CONNECTION = defineClass<HttpConnection>({
  ru: 'HTTPСоединение',
  en: 'HTTPConnection',
  properties: {
    Сервер: { en: 'Host', get: (s) => s.host },
    Порт: { en: 'Port', get: (s) => n(s.port) },
    Пользователь: { en: 'User', get: (s) => s.user },
    Пароль: { en: 'Password', get: (s) => s.password },
    Прокси: { en: 'Proxy', get: (s) => s.proxy },
    Таймаут: { en: 'Timeout', get: (s) => n(s.timeoutSeconds) },
    ЗащищенноеСоединение: { en: 'SecureConnection', get: (s) => s.secure },
    ИспользоватьАутентификациюОС: { en: 'UseOSAuthentication', get: () => false },
  },
  methods: {
    ОтправитьДляОбработки: { en: 'Post', min: 1, max: 2, call: (s, [r], ctx) => s.send('POST', r, ctx) },
    Получить: { en: 'Get', min: 1, max: 2, call: (s, [r], ctx) => s.send('GET', r, ctx) },
    Записать: { en: 'Put', min: 1, max: 1, call: (s, [r], ctx) => s.send('PUT', r, ctx) },
    Изменить: { en: 'Patch', min: 1, max: 1, call: (s, [r], ctx) => s.send('PATCH', r, ctx) },
    Удалить: { en: 'Delete', min: 1, max: 1, call: (s, [r], ctx) => s.send('DELETE', r, ctx) },
    ПолучитьЗаголовки: { en: 'Head', min: 1, max: 1, call: (s, [r], ctx) => s.send('HEAD', r, ctx) },
    ВызватьHTTPМетод: { en: 'CallHTTPMethod', min: 2, max: 3, call: (s, [m, r], ctx) => s.send(str(m).toUpperCase(), r, ctx) },
  },
});

export class HttpConnection extends PlatformObject {
  readonly cls = CONNECTION;
  readonly host: string;
  readonly tls: boolean;

  constructor(
    host: string,
    readonly port: number,
    readonly user: string,
    readonly password: string,
    readonly proxy: BslValue,
    readonly timeoutSeconds: number,
    readonly secure: BslValue,
  ) {
    super();
    const m = /^(https?):\/\/([^/]+)\/?$/i.exec(host.trim());
    this.host = m ? m[2]! : host.trim();
    this.tls = secure instanceof SecureConnection || m?.[1]?.toLowerCase() === 'https';
  }

  async send(method: string, r: BslValue, _ctx: CallContext): Promise<HttpResponse> {
    if (!(r instanceof HttpRequest)) throw new BslError('Неверный тип параметра (параметр номер 1): ожидается HTTPЗапрос');
    const headers: Record<string, string> = {};
    for (const e of r.headers.entries.values()) headers[str(e.key)] = str(e.value);
    if (this.user !== '' && !Object.keys(headers).some((k) => k.toLowerCase() === 'authorization')) {
      headers.Authorization = `Basic ${Buffer.from(`${this.user}:${this.password}`).toString('base64')}`;
    }
    const port = this.port || (this.tls ? 443 : 80);
    // Non-ASCII characters of the resource go out percent-encoded as UTF-8.
    const raw = r.resource.startsWith('/') ? r.resource : `/${r.resource}`;
    const path = raw.replace(/[^\x21-\x7e]/gu, (c) => encodeURIComponent(c));
    const proxy = this.proxyFor();
    if (proxy && this.tls) throw new BslError('Ошибка работы с Интернет: прокси для HTTPS не поддерживается средой выполнения');
    const options: http.RequestOptions & https.RequestOptions = proxy
      ? { host: proxy.host, port: proxy.port || 3128, path: `http://${this.host}:${port}${path}`, method, headers: withProxyAuth(headers, proxy), agent: false }
      : { host: this.host, port, path, method, headers, agent: false };
    if (this.tls) {
      const verify = this.secure instanceof SecureConnection && this.secure.caCertificates instanceof OsCertificates;
      options.rejectUnauthorized = verify;
      options.servername = this.host;
    }
    if (method !== 'GET' && method !== 'HEAD') headers['Content-Length'] = String(r.body.length);
    const timeoutMs = this.timeoutSeconds > 0 ? this.timeoutSeconds * 1000 : 0;
    return new Promise<HttpResponse>((resolve, reject) => {
      let req: http.ClientRequest;
      try {
        req = (this.tls ? https : http).request(options, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const h = new BslMap();
            for (let i = 0; i < res.rawHeaders.length; i += 2) h.set(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
            resolve(new HttpResponse(res.statusCode ?? 0, h, Buffer.concat(chunks)));
          });
          res.on('error', (e) => reject(internetError(e)));
        });
      } catch (e) {
        reject(internetError(e as Error));
        return;
      }
      if (timeoutMs > 0) {
        req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
      }
      req.on('error', (e) => reject(internetError(e)));
      req.end(method === 'GET' || method === 'HEAD' ? undefined : r.body);
    });
  }

  private proxyFor(): { host: string; port: number; user: string; password: string } | undefined {
    if (!(this.proxy instanceof InternetProxy)) return undefined;
    const p = this.proxy.servers.get(this.tls ? 'https' : 'http');
    if (!p || p.host === '') return undefined;
    if (this.proxy.bypassLocal && /^(localhost|127\.|\[?::1)/.test(this.host)) return undefined;
    return p;
  }
}

function withProxyAuth(headers: Record<string, string>, p: { user: string; password: string }): Record<string, string> {
  if (p.user === '') return headers;
  return { ...headers, 'Proxy-Authorization': `Basic ${Buffer.from(`${p.user}:${p.password}`).toString('base64')}` };
}

/** The platform's texts for transport failures (it uses libcurl and shows its messages). */
function internetError(e: Error & { code?: string }): BslError {
  switch (e.code) {
    case 'ECONNREFUSED':
      return new BslError("Ошибка работы с Интернет: Couldn't connect to server");
    case 'ETIMEDOUT':
      return new BslError('Ошибка работы с Интернет: Timeout was reached');
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new BslError("Ошибка работы с Интернет: Couldn't resolve host name");
    case 'ECONNRESET':
    case 'EPIPE':
      return new BslError('Ошибка работы с Интернет: Failure when receiving data from the peer');
    default:
      if (e.code?.startsWith('ERR_TLS') || e.code?.includes('CERT') || /certificate|SSL|TLS/i.test(e.message)) {
        return new BslError(`Ошибка работы с Интернет: SSL connect error (${e.message})`);
      }
      return new BslError(`Ошибка работы с Интернет: ${e.message}`);
  }
}

export const HTTP_TYPES: ConstructorDef[] = [
  {
    ru: 'HTTPСоединение',
    en: 'HTTPConnection',
    min: 1,
    max: 8,
    construct: ([host, port, user, password, proxy, timeout, secure]) => {
      if (proxy !== undefined && !(proxy instanceof InternetProxy)) {
        throw new BslError('Неверный тип параметра (параметр номер 5): ожидается ИнтернетПрокси');
      }
      if (secure !== undefined && !(secure instanceof SecureConnection)) {
        throw new BslError('Неверный тип параметра (параметр номер 7): ожидается ЗащищенноеСоединениеOpenSSL');
      }
      return new HttpConnection(
        str(host),
        port === undefined ? 0 : int(port),
        user === undefined ? '' : str(user),
        password === undefined ? '' : str(password),
        proxy,
        timeout === undefined ? 0 : int(timeout),
        secure,
      );
    },
  },
  {
    ru: 'HTTPЗапрос',
    en: 'HTTPRequest',
    min: 0,
    max: 2,
    construct: ([resource, headers]) => new HttpRequest(resource === undefined ? '' : str(resource), headers instanceof BslMap ? headers : new BslMap()),
  },
  {
    ru: 'ЗащищенноеСоединениеOpenSSL',
    en: 'OpenSSLSecureConnection',
    min: 0,
    max: 2,
    construct: ([client, ca]) => new SecureConnection(client, ca),
  },
  {
    ru: 'СертификатыУдостоверяющихЦентровОС',
    en: 'OSCertificationAuthorityCertificates',
    min: 0,
    max: 0,
    construct: () => new OsCertificates(),
  },
  { ru: 'ИнтернетПрокси', en: 'InternetProxy', min: 0, max: 1, construct: () => new InternetProxy() },
];

export const HTTP_FUNCTIONS = URL_ENCODING_FUNCTIONS;

export { isObject };
