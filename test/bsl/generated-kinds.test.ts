/**
 * The generator follows the declarations: every declared kind gets its builder, its object
 * modules and its endpoint; a kind it was not given is an error, never another kind's endpoint;
 * `--kinds` and ONEC_SYNC_KINDS_DIR choose the kinds.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { type BslOptions, type GeneratedFile, generateBsl } from '../../src/bsl/generator/index.js';
import { checkBsl } from '../../src/bsl/parser/index.js';
import { runBslCommand } from '../../src/cli/bsl-command.js';
import { KindRegistry } from '../../src/kinds/kind-registry.js';
import { defineKind } from '../../src/kinds/load-declarations.js';

const BASE: BslOptions = { url: 'https://erp.example.com', sourceId: 's', auth: { kind: 'none' } };
const registry = KindRegistry.load();
const commonOf = (files: GeneratedFile[]) => files.find((f) => f.path.startsWith('common/'))!.content;

function methodBody(text: string, name: string): string {
  const start = text.search(new RegExp(`^(Функция|Процедура) ${name}\\(`, 'm'));
  assert.ok(start >= 0, `${name} is defined`);
  return text.slice(start, text.indexOf('\nКонец', start));
}
/** `.Вставить("key", expression)` pairs of a method, in order. */
const inserts = (body: string) => [...body.matchAll(/\.Вставить\("([^"]+)", (.+)\);$/gm)].map((m) => [m[1]!, m[2]!] as const);

const META = ['УникальныйИдентификатор', 'ПометкаУдаления', 'ВерсияДанных', 'НомерСобытия'];

describe('generated modules of the declared kinds', () => {
  const files = generateBsl(BASE);
  const text = commonOf(files);

  for (const kind of registry.declared) {
    it(`${kind.kind}: the builder inserts the ref field, every declared attribute and section in order, then the keys every body carries`, () => {
      const body = methodBody(text, `ДанныеВида_${kind.bslKind}`);
      const keys = inserts(body).map(([k]) => k);
      assert.deepEqual(keys, [kind.refField, ...kind.attributes.map((a) => a.name), ...kind.sections.map((s) => s.name), ...META]);
      for (const [key, expression] of inserts(body)) {
        const a = kind.attributes.find((x) => x.name === key);
        if (!a) continue;
        const reads = `Реквизит(Объект, "${a.source}"`;
        const expected =
          a.type.type === 'string'
            ? `Строка(${reads}, ""))`
            : a.type.type === 'number'
              ? `${reads}, 0)`
              : a.type.type === 'date'
                ? `${reads}, '00010101')`
                : a.type.type === 'boolean'
                  ? `${reads}, Ложь)`
                  : a.type.targets[0]!.class === 'Перечисление'
                    ? `ПеречислениеJSON(${reads}, Неопределено), "Перечисление.${a.type.targets[0]!.name}")`
                    : `СсылкаJSON(${reads}, Неопределено), "${a.type.targets[0]!.class}.${a.type.targets[0]!.name}")`;
        assert.equal(expression, expected, `${kind.kind}.${key}`);
      }
      for (const s of kind.sections) {
        const rows = methodBody(text, `ДобавитьРядкиВида_${kind.bslKind}_${s.name}`);
        assert.deepEqual(
          inserts(rows).map(([k]) => k),
          s.attributes.map((a) => a.name),
        );
        assert.match(methodBody(text, `РядкиВида_${kind.bslKind}_${s.name}`), new RegExp(`\\(Результат, Объект, "${s.sources[0]}"\\);`));
      }
    });
  }

  it('object modules for every declared Документ and Справочник, each naming its own Вид', () => {
    for (const kind of registry.list) {
      for (const style of ['extension', 'direct']) {
        const f = files.find((x) => x.path === `${style}/${kind.metaClass}.${kind.oneCName}.МодульОбъекта.bsl`);
        assert.ok(f, `${style} module of ${kind.kind}`);
        assert.ok(f.content.includes(`.ЗарегистрироватьИзменение(ЭтотОбъект, "${kind.bslKind}", Истина);`), f.path);
      }
    }
  });

  it('each Вид has its own endpoint; an unknown Вид gets none, is refused at registration and parked by the sender', () => {
    const address = methodBody(text, 'АдресРесурса');
    for (const kind of registry.list) assert.match(address, new RegExp(`Вид = "${kind.bslKind}" Тогда\\n\\t\\tВозврат "${kind.webhookPath}";`));
    assert.match(address, /\tИначе\n\t\tВозврат "";\n\tКонецЕсли;/);
    assert.match(methodBody(text, 'ЗарегистрироватьИзменение'), /Если ПустаяСтрока\(АдресРесурса\(Вид\)\) Тогда\n\t\tВызватьИсключение НеизвестныйВид\(Вид\);/);
    assert.match(
      methodBody(text, 'ОтправитьГруппу'),
      /Если ПустаяСтрока\(АдресРесурса\(Голова\.Вид\)\) Тогда\n\t\tОтложить\(Голова, НеизвестныйВид\(Голова\.Вид\)\);\n\t\tВозврат "park";/,
    );
    for (const name of ['ТелоЗапроса', 'МинимальноеТелоУдаления', 'НайтиОбъект', 'ВыгрузитьВид']) {
      assert.match(methodBody(text, name), /\tИначе\n\t\tВызватьИсключение [^\n]*НеизвестныйВид\(Вид\);\n\tКонецЕсли;/, name);
    }
  });

  it('the kinds option chooses the kinds; a composite reference and a customer kind pass the parser', () => {
    const custom = defineKind(
      'work-order.json',
      {
        kind: 'work-order',
        object: 'Документ.ЗаказНаряд',
        label: { uk: 'Заказ-наряди', en: 'Work orders' },
        attributes: [
          { name: 'Номер', type: 'Строка(11)', required: true },
          { name: 'Клиент', source: 'Контрагент', type: 'СправочникСсылка.Контрагенты | СправочникСсылка.ФизическиеЛица' },
        ],
      },
      { shipped: false },
    );
    const only = generateBsl({ ...BASE, kinds: [registry.require('sale'), custom] });
    assert.deepEqual(
      only
        .filter((f) => f.path.startsWith('extension/'))
        .map((f) => f.path)
        .sort(),
      ['extension/Документ.ЗаказНаряд.МодульОбъекта.bsl', 'extension/Документ.РеализацияТоваровУслуг.МодульОбъекта.bsl'],
    );
    const common = commonOf(only);
    assert.ok(!common.includes('ДанныеВида_receipt') && !common.includes('КонтактныеДанные'), 'no classic kind without being asked');
    assert.match(
      methodBody(common, 'ДанныеВида_workorder'),
      /"Клиент", СоставнаяСсылкаJSON\(Реквизит\(Объект, "Контрагент", Неопределено\), "Справочник\.Контрагенты,Справочник\.ФизическиеЛица"\)\);/,
    );
    for (const f of only.filter((x) => x.path.endsWith('.bsl'))) {
      assert.deepEqual(checkBsl(f.content, { commonModules: { СинхронизацияERP: common } }), [], f.path);
    }
    assert.throws(() => generateBsl({ ...BASE, kinds: [] }), /no kinds/);
  });
});

describe('onec-sync bsl --kinds and ONEC_SYNC_KINDS_DIR', () => {
  const run = async (args: string[], env: NodeJS.ProcessEnv = {}) => {
    let stderr = '';
    const code = await runBslCommand(
      args,
      {
        stdout: () => {},
        stderr: (s) => {
          stderr += s;
        },
      },
      env,
    );
    return { code, stderr };
  };

  it("--kinds limits the modules; the customer's folder adds its kinds; an unknown kind is a usage error", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'onec-bsl-kinds-'));
    try {
      const out = join(dir, 'out');
      const base = ['--url', 'http://localhost:3000', '--source', 'dev', '--token', 't', '--out', out];
      assert.equal((await run([...base, '--kinds', 'sale, item'])).code, 0);
      assert.deepEqual((await readdir(join(out, 'extension'))).sort(), [
        'Документ.РеализацияТоваровУслуг.МодульОбъекта.bsl',
        'Справочник.Номенклатура.МодульОбъекта.bsl',
      ]);

      const bad = await run([...base, '--kinds', 'sale,nope']);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /unknown kind\(s\) nope; declared: .*sale/);

      const kinds = join(dir, 'kinds');
      await rm(out, { recursive: true, force: true });
      await mkdir(kinds);
      await writeFile(
        join(kinds, 'work-order.json'),
        JSON.stringify({ kind: 'work-order', object: 'Документ.ЗаказНаряд', label: { uk: 'З', en: 'W' }, attributes: [{ name: 'Номер', type: 'Строка(11)' }] }),
      );
      const { code, stderr } = await run([...base, '--kinds', 'work-order'], { ONEC_SYNC_KINDS_DIR: kinds });
      assert.equal(code, 0, stderr);
      assert.deepEqual(await readdir(join(out, 'extension')), ['Документ.ЗаказНаряд.МодульОбъекта.bsl']);
      await writeFile(join(kinds, 'broken.json'), '{');
      const broken = await run(base, { ONEC_SYNC_KINDS_DIR: kinds });
      assert.equal(broken.code, 2);
      assert.match(broken.stderr, /broken\.json: not JSON/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
