/**
 * The 1C module generator (src/bsl/generator): golden files, the real BSL parser over every
 * option combination, an HMAC reference port, the receiver's field names, the CLI.
 * UPDATE_GOLDEN=1 rewrites test/bsl/golden/<option-set>/ instead of comparing with it.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type BslOptions, type GeneratedFile, generateBsl, writeBslFolder } from '../../src/bsl/generator/index.js';
import { REGISTER_FIELDS } from '../../src/bsl/generator/register-fields.js';
import { checkBsl } from '../../src/bsl/parser/index.js';
import { runBslCommand } from '../../src/cli/bsl-command.js';
import { webhookPath } from '../../src/domain/kinds.js';
import { ClientData, IncomingInvoiceData, knownKeys, OutgoingInvoiceData, Position } from '../../src/ingest/webhook-schemas.js';

/** The shipped declarations: three classic kinds and five more, a module pair each. */
const SHIPPED_KINDS = 8;
const GOLDEN = join(dirname(fileURLToPath(import.meta.url)), 'golden');
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const SEED_NAMES = { receipt: 'ПоступлениеТоваровИУслуг', commonModule: 'ОбменERP', queueRegister: 'ЧергаERP', scheduledJob: 'НадсиланняERP' };

const OPTION_SETS: Record<string, BslOptions> = {
  'secret-defaults': { url: 'https://erp.example.com', sourceId: 'buh-main', auth: { kind: 'secret', secret: SECRET } },
  'token-renamed': {
    url: 'http://10.0.0.5:8080/onec-sync/',
    sourceId: 'kyiv-branch',
    auth: { kind: 'token', token: 'tok_3f9a"x' },
    names: SEED_NAMES,
    timeoutSeconds: 15,
  },
  'none-minimal': { url: 'https://erp.example.com:8443', sourceId: 'test', auth: { kind: 'none' }, includeServices: false, includeVat: false },
};

const commonOf = (files: GeneratedFile[]) => files.find((f) => f.path.startsWith('common/'))!;
const moduleName = (files: GeneratedFile[]) => /ОбщийМодуль\.(.+)\.Модуль\.bsl$/.exec(commonOf(files).path)![1]!;

async function listFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(root, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'));
  }
  return out.sort();
}

describe('BSL generator: golden files', () => {
  for (const [set, options] of Object.entries(OPTION_SETS)) {
    it(`${set} matches test/bsl/golden/${set}`, async () => {
      const files = generateBsl(options);
      const dir = join(GOLDEN, set);
      if (process.env.UPDATE_GOLDEN === '1') {
        // Rewriting the files it compares with would pass anything: never under CI.
        assert.notEqual(process.env.CI, 'true', 'UPDATE_GOLDEN=1 rewrites the golden files: run it locally and commit them, never in CI');
        await rm(dir, { recursive: true, force: true });
        for (const f of files) {
          await mkdir(dirname(join(dir, f.path)), { recursive: true });
          await writeFile(join(dir, f.path), f.content, 'utf8');
        }
        return;
      }
      assert.deepEqual(await listFiles(dir), files.map((f) => f.path).sort(), 'the set of files');
      for (const f of files) {
        assert.equal(f.content, await readFile(join(dir, f.path), 'utf8'), `${f.path} differs from its golden file (UPDATE_GOLDEN=1 to accept)`);
      }
    });
  }

  it('is deterministic: the same options give the same bytes whatever the clock and the random source', (t) => {
    const first = generateBsl(OPTION_SETS['secret-defaults']!);
    t.mock.method(Math, 'random', () => 0.123456789);
    t.mock.timers.enable({ apis: ['Date'], now: Date.parse('2031-07-01T03:04:05Z') });
    const again = generateBsl(OPTION_SETS['secret-defaults']!);
    assert.equal(new Date().getUTCFullYear(), 2031, 'the clock really moved');
    assert.deepEqual(
      again.map((f) => f.path),
      first.map((f) => f.path),
    );
    for (const [i, f] of again.entries()) assert.equal(f.content, first[i]!.content, f.path);
  });
});

describe('BSL generator: every module passes the BSL parser', () => {
  const auths: BslOptions['auth'][] = [{ kind: 'secret', secret: SECRET }, { kind: 'token', token: 'abc"def' }, { kind: 'none' }];
  for (const auth of auths) {
    for (const includeServices of [true, false]) {
      for (const includeVat of [true, false]) {
        for (const names of [undefined, SEED_NAMES]) {
          const label = `${auth.kind}, services ${includeServices}, VAT ${includeVat}, ${names ? 'renamed' : 'default'} names`;
          it(label, () => {
            const files = generateBsl({ url: 'https://erp.example.com/base', sourceId: 's1', auth, includeServices, includeVat, names });
            const common = commonOf(files).content;
            const bsl = files.filter((f) => f.path.endsWith('.bsl'));
            assert.equal(bsl.length, 1 + 2 * SHIPPED_KINDS);
            for (const f of bsl) {
              assert.deepEqual(checkBsl(f.content, { commonModules: { [moduleName(files)]: common } }), [], f.path);
            }
          });
        }
      }
    }
  }
});

/** The body of one procedure or function of a module. */
function methodBody(text: string, name: string): string {
  const start = text.search(new RegExp(`^(Функция|Процедура) ${name}\\(`, 'm'));
  assert.ok(start >= 0, `${name} is defined`);
  const end = text.indexOf('\nКонец', start);
  return text.slice(start, end);
}
const insertedKeys = (body: string) => [...body.matchAll(/\.Вставить\("([^"]+)"/g)].map((m) => m[1]!);

describe('BSL generator: payload field names are the receiver contract', () => {
  const META = ['УникальныйИдентификатор', 'ПометкаУдаления', 'ВерсияДанных', 'НомерСобытия'];
  const DOC = ['СсылкаДокумента', 'НомерДокумента', 'ДатаДокумента'];
  const MONEY = ['ЄДРПОУ', 'СуммаДокумента', 'КодВалюты', 'Проведен', 'Комментарий'];
  const CONTRACT = {
    ДанныеВида_receipt: [...DOC, 'Постачальник', ...MONEY, 'positions', ...META],
    ДанныеВида_invoice: [...DOC, 'Клиент', ...MONEY, 'ДатаОплаты', 'КодКлиента', 'ИННКлиента', 'positions', ...META],
    ДанныеВида_client: ['СсылкаКлиента', 'Код', 'Наименование', 'НаименованиеПолное', 'ЄДРПОУ', 'ИНН', 'Телефон', 'Email', 'Адрес', 'Комментарий', ...META],
  };
  const POSITION = ['НаименованиеТовара', 'КодТовара', 'Количество', 'Цена', 'Сумма', 'ЕдиницаИзмерения'];
  const text = commonOf(generateBsl(OPTION_SETS['secret-defaults']!)).content;

  for (const [builder, keys] of Object.entries(CONTRACT)) {
    it(`${builder} inserts exactly the contract's keys`, () => assert.deepEqual(insertedKeys(methodBody(text, builder)), keys));
  }

  it('positions carry the contract keys, VAT only when asked', () => {
    const noVat = commonOf(generateBsl(OPTION_SETS['none-minimal']!)).content;
    for (const kind of ['receipt', 'invoice']) {
      assert.deepEqual(insertedKeys(methodBody(text, `ДобавитьРядкиВида_${kind}_positions`)), [...POSITION, 'СтавкаНДС', 'СуммаНДС', 'ТабличнаяЧасть']);
      assert.deepEqual(insertedKeys(methodBody(noVat, `ДобавитьРядкиВида_${kind}_positions`)), [...POSITION, 'ТабличнаяЧасть']);
      assert.match(methodBody(text, `РядкиВида_${kind}_positions`), /"Услуги", "Услуги"\);/);
      assert.doesNotMatch(methodBody(noVat, `РядкиВида_${kind}_positions`), /Услуги/);
    }
  });

  it('the envelope is {"action", "invoiceData" | "clientData" | "data"}, and an unknown Вид raises', () => {
    const envelope = methodBody(text, 'ТелоЗапроса');
    assert.deepEqual(insertedKeys(envelope), ['action', 'invoiceData', 'invoiceData', 'clientData', 'data', 'data', 'data', 'data', 'data']);
    assert.match(envelope, /\tИначе\n\t\tВызватьИсключение НеизвестныйВид\(Вид\);\n\tКонецЕсли;/);
  });

  it('every key is one the receiver schema knows (ТабличнаяЧасть is an accepted extra)', () => {
    const pairs = [
      [CONTRACT.ДанныеВида_receipt, IncomingInvoiceData],
      [CONTRACT.ДанныеВида_invoice, OutgoingInvoiceData],
      [CONTRACT.ДанныеВида_client, ClientData],
      [POSITION, Position],
    ] as const;
    for (const [keys, schema] of pairs) {
      const known = knownKeys(schema);
      assert.deepEqual(
        keys.filter((k) => !known.has(k)),
        [],
      );
    }
  });

  it('every field the receiver requires is sent, by each builder and by the minimal delete body', () => {
    const required = (schema: unknown) => (schema as { required?: string[] }).required ?? [];
    const body = methodBody(text, 'МинимальноеТелоУдаления');
    const tail = insertedKeys(body.slice(body.indexOf('\tКонецЕсли;')));
    for (const [kind, schema] of [
      ['receipt', IncomingInvoiceData],
      ['invoice', OutgoingInvoiceData],
      ['client', ClientData],
    ] as const) {
      assert.deepEqual(
        required(schema).filter((k) => !insertedKeys(methodBody(text, `ДанныеВида_${kind}`)).includes(k)),
        [],
        kind,
      );
      const branch = new RegExp(`Вид = "${kind}" Тогда\\n([\\s\\S]*?)\\n\\t(?:ИначеЕсли|Иначе)`).exec(body)![1]!;
      const minimal = [...insertedKeys(branch), ...tail];
      assert.deepEqual(
        required(schema).filter((k) => !minimal.includes(k)),
        [],
        `МинимальноеТелоУдаления for ${kind}`,
      );
      const known = new Set([...knownKeys(schema), 'action', 'invoiceData', 'clientData']);
      assert.deepEqual(
        minimal.filter((k) => !known.has(k)),
        [],
      );
    }
  });

  it('the queue code touches only the register fields the guide documents', () => {
    const names = new Set(REGISTER_FIELDS.map((f) => f.name));
    const used = new Set([...text.matchAll(/(?<![\p{L}\p{N}_])(?:Очередь|Запись)\.([\p{L}]+)/gu)].map((m) => m[1]!));
    const methods = new Set(['Прочитать', 'Выбран', 'Записать']);
    assert.deepEqual(
      [...used].filter((u) => !names.has(u) && !methods.has(u)),
      [],
    );
    for (const f of names) assert.ok(used.has(f), `${f} is used`);
  });
});

// ---- HMAC -----------------------------------------------------------------------------------------
// The emitted HMACSHA256 and ДобавитьАвторизацию are executed in the BSL runtime and compared with
// node:crypto (test/bsl/runtime/hmac.test.ts); here only what the text must say.

describe('BSL generator: the HMAC-SHA256 the module holds', () => {
  const text = commonOf(generateBsl(OPTION_SETS['secret-defaults']!)).content;

  it('names every RFC 2104 step and calls no buffer bitwise method (its first platform version is unknown)', () => {
    const body = methodBody(text, 'HMACSHA256');
    for (let step = 1; step <= 7; step++) assert.ok(body.includes(`Крок (${step})`), `step (${step}) is named`);
    assert.doesNotMatch(text, /\.ЗаписатьПобитов[\p{L}]*\(/u);
    assert.match(methodBody(text, 'ХешSHA256'), /Новый ХешированиеДанных\(ХешФункция\.SHA256\)/);
  });

  it('signs id.timestamp.body (the body as UTF-8 bytes, no BOM) with the base64 part of the whsec_ secret', () => {
    const auth = methodBody(text, 'ДобавитьАвторизацию');
    assert.match(auth, /ИдентификаторСообщения \+ "\." \+ Метка \+ "\."/);
    assert.match(auth, /ПолучитьДвоичныеДанныеИзСтроки\(Тело, КодировкаТекста\.UTF8, Ложь\)/);
    assert.match(auth, /"webhook-signature", "v1," \+/);
    assert.match(methodBody(text, 'КлючПодписи'), /Base64Значение\(Секрет\)/);
  });
});

describe('BSL generator: what the modules do', () => {
  const secret = generateBsl(OPTION_SETS['secret-defaults']!);
  const token = generateBsl(OPTION_SETS['token-renamed']!);
  const none = generateBsl(OPTION_SETS['none-minimal']!);
  const file = (files: GeneratedFile[], prefix: string) => files.filter((f) => f.path.startsWith(prefix));

  it("extension handlers are annotated, direct ones carry the events' own names and signatures", () => {
    for (const f of file(secret, 'extension/')) {
      assert.match(f.content, /&Перед\("ПередЗаписью"\)\nПроцедура СинхронизацияERP_ПередЗаписью\(/);
      assert.match(f.content, /&После\("ПриЗаписи"\)\nПроцедура СинхронизацияERP_ПриЗаписи\(Отказ\)/);
      assert.match(f.content, /&Перед\("ПередУдалением"\)\nПроцедура СинхронизацияERP_ПередУдалением\(Отказ\)/);
    }
    for (const f of file(secret, 'direct/')) {
      assert.doesNotMatch(f.content, /^&/m);
      const params = f.path.includes('Документ.') ? 'Отказ, РежимЗаписи, РежимПроведения' : 'Отказ';
      assert.ok(f.content.includes(`Процедура ПередЗаписью(${params})`), f.path);
    }
  });

  it('every handler returns at once on ОбменДанными.Загрузка, captures ЭтоНовый and calls the common module', () => {
    for (const f of [...file(secret, 'extension/'), ...file(token, 'direct/')]) {
      for (const proc of f.content.split(/^Процедура /m).slice(1)) {
        assert.match(proc, /^[^\n]+\n\t\n(\t\/\/ >>> onec-sync\n)?\tЕсли ОбменДанными\.Загрузка Тогда\n\t\tВозврат;/, f.path);
      }
      assert.match(f.content, /ДополнительныеСвойства\.Вставить\("СинхронизацияERP_ЭтоНовый", ЭтотОбъект\.ЭтоНовый\(\)\)/);
      assert.match(f.content, /\.ЗарегистрироватьИзменение\(ЭтотОбъект, "(receipt|invoice|client|item|contract|sale|bankin|bankout)", Истина\);/);
    }
    assert.ok(file(token, 'direct/').every((f) => f.content.includes('ОбменERP.ЗарегистрироватьИзменение(')));
  });

  it('authentication: signature, bearer token (quotes doubled), or none', () => {
    const s = commonOf(secret).content;
    const t = commonOf(token).content;
    const n = commonOf(none).content;
    assert.ok(s.includes('"webhook-timestamp"') && s.includes(`"${SECRET}"`) && !s.includes('Authorization'));
    assert.ok(t.includes('"Authorization", "Bearer " + "tok_3f9a""x"') && !t.includes('HMACSHA256'));
    assert.ok(!n.includes('Authorization') && !n.includes('webhook-signature') && n.includes('"webhook-id"'));
  });

  it('the connection follows the URL: host, port, TLS only for https, base path, timeout', () => {
    assert.match(commonOf(secret).content, /Новый HTTPСоединение\("erp\.example\.com", 443, , , , 30, Защищенное\)/);
    const t = commonOf(token).content;
    assert.match(t, /Новый HTTPСоединение\("10\.0\.0\.5", 8080, , , , 15\);/);
    assert.ok(!t.includes('Новый ЗащищенноеСоединениеOpenSSL'));
    assert.ok(t.includes(`"/onec-sync${webhookPath('incoming')}"`) && t.includes('Документы.ПоступлениеТоваровИУслуг.ПолучитьСсылку'));
    assert.match(commonOf(none).content, /"erp\.example\.com", 8443,/);
  });

  it('the body is sent without BOM, with the agreed headers', () => {
    const http = methodBody(commonOf(secret).content, 'ОтправитьHTTP');
    assert.ok(http.includes('УстановитьТелоИзСтроки(Тело, КодировкаТекста.UTF8, ИспользованиеByteOrderMark.НеИспользовать)'));
    assert.ok(http.includes('"Content-Type", "application/json; charset=utf-8"'));
    assert.ok(http.includes('"User-Agent", "1C-Enterprise/8.3 onec-sync-bsl/1"'));
  });

  it('responses: 2xx done; 0/408/429/5xx retried; other codes parked', () => {
    const decide = methodBody(commonOf(secret).content, 'РешениеПоКоду');
    assert.match(decide, /КодСостояния >= 200 И КодСостояния < 300 Тогда\n\t\tВозврат "done"/);
    assert.match(decide, /КодСостояния = 0 ИЛИ КодСостояния = 408 ИЛИ КодСостояния = 429 ИЛИ КодСостояния >= 500 Тогда\n\t\tВозврат "retry"/);
    assert.match(decide, /Возврат "park";/);
  });

  it('logs only through ЗаписьЖурналаРегистрации, never files', () => {
    for (const f of secret.filter((x) => x.path.endsWith('.bsl'))) assert.doesNotMatch(f.content, /ЗаписьТекста|c:\\temp/i);
  });

  it('guides are filled in with the URL, source and names', () => {
    const uk = token.find((f) => f.path === 'README.uk.md')!.content;
    const en = token.find((f) => f.path === 'README.en.md')!.content;
    for (const g of [uk, en]) {
      for (const s of [
        'http://10.0.0.5:8080/onec-sync',
        'kyiv-branch',
        'ПоступлениеТоваровИУслуг',
        'ЧергаERP',
        'НадсиланняERP',
        'ОбменERP.ОтправитьОчередь',
        'Ctrl+F7',
        'ЗапланироватьВыгрузку',
        '/api/v1/events?source=kyiv-branch',
      ]) {
        assert.ok(g.includes(s), s);
      }
      for (const f of REGISTER_FIELDS) assert.ok(g.includes(`| ${f.name} |`), f.name);
    }
  });

  it('rejects options that would break the module', () => {
    const base = OPTION_SETS['secret-defaults']!;
    assert.throws(() => generateBsl({ ...base, auth: { kind: 'secret', secret: 'not-a-secret' } }), /whsec_/);
    assert.throws(() => generateBsl({ ...base, names: { receipt: 'Поступление Товаров' } }), /identifier/);
    assert.throws(() => generateBsl({ ...base, url: 'ftp://x' }), /http/);
    assert.throws(() => generateBsl({ ...base, url: 'erp.example.com' }), /absolute/);
    assert.throws(() => generateBsl({ ...base, timeoutSeconds: 0 }), /timeout/);
  });
});

describe('writeBslFolder and runBslCommand', () => {
  const io = () => {
    const out = { stdout: '', stderr: '' };
    return {
      out,
      io: {
        stdout: (s: string) => {
          out.stdout += s;
        },
        stderr: (s: string) => {
          out.stderr += s;
        },
      },
    };
  };
  const withTemp = async (fn: (dir: string) => Promise<void>) => {
    const dir = await mkdtemp(join(tmpdir(), 'onec-bsl-'));
    try {
      await fn(dir);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };

  it('writes .bsl as UTF-8 with BOM and CRLF, Markdown without', () =>
    withTemp(async (dir) => {
      const paths = await writeBslFolder(OPTION_SETS['secret-defaults']!, dir);
      assert.equal(paths.length, 3 + 2 * SHIPPED_KINDS);
      const bsl = await readFile(paths.find((p) => p.endsWith('.bsl'))!);
      assert.deepEqual([...bsl.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
      assert.ok(bsl.includes('\r\n') && !/[^\r]\n/.test(bsl.toString('utf8')));
      const md = await readFile(paths.find((p) => p.endsWith('README.uk.md'))!);
      assert.notEqual(md[0], 0xef);
    }));

  it('the CLI writes the folder with renamed objects and options', () =>
    withTemp(async (dir) => {
      const { out, io: streams } = io();
      const code = await runBslCommand(
        [
          '--url',
          'https://erp.example.com',
          '--source',
          'buh',
          '--secret',
          SECRET,
          '--out',
          dir,
          '--receipt-name',
          'ПоступлениеТоваровИУслуг',
          '--common-module',
          'ОбменERP',
          '--timeout',
          '45',
          '--no-services',
        ],
        streams,
      );
      assert.equal(code, 0, out.stderr);
      const files = await listFiles(dir);
      assert.ok(files.includes('extension/Документ.ПоступлениеТоваровИУслуг.МодульОбъекта.bsl'));
      assert.ok(files.includes('common/ОбщийМодуль.ОбменERP.Модуль.bsl'));
      const common = await readFile(join(dir, 'common/ОбщийМодуль.ОбменERP.Модуль.bsl'), 'utf8');
      assert.ok(common.includes(', 45, Защищенное)') && !common.includes('positions(Результат, Объект, "Услуги"'));
      assert.ok(out.stdout.includes('README.uk.md') && out.stderr === '');
    }));

  it('without --secret/--token it warns and generates auth none', () =>
    withTemp(async (dir) => {
      const { out, io: streams } = io();
      assert.equal(await runBslCommand(['--url', 'http://localhost:3000', '--source', 'dev', '--out', dir], streams), 0);
      assert.match(out.stderr, /Warning: neither --secret nor --token/);
      const common = await readFile(join(dir, 'common/ОбщийМодуль.СинхронизацияERP.Модуль.bsl'), 'utf8');
      assert.ok(!common.includes('Authorization') && !common.includes('webhook-signature'));
    }));

  it('bad arguments exit 2 with the usage and write nothing', () =>
    withTemp(async (dir) => {
      const out = join(dir, 'out');
      for (const args of [
        ['--source', 'x', '--out', out],
        ['--url', 'https://e.com', '--source', 'x', '--out', out, '--secret', SECRET, '--token', 't'],
        ['--url', 'https://e.com', '--source', 'x', '--out', out, '--secret', 'nope'],
        ['--url', 'https://e.com', '--source', 'x', '--out', out, '--timeout', 'soon'],
        ['--url', 'https://e.com', '--source', 'x', '--out', out, '--unknown'],
      ]) {
        const { out: o, io: streams } = io();
        assert.equal(await runBslCommand(args, streams), 2, args.join(' '));
        assert.match(o.stderr, /Usage: onec-sync bsl/);
      }
      await assert.rejects(readdir(out));
      const { out: o, io: streams } = io();
      assert.equal(await runBslCommand(['--help'], streams), 0);
      assert.match(o.stdout, /--receipt-name/);
    }));
});
