/**
 * Every platform call of every generated module, checked against the platform catalogue in the
 * repo (src/bsl/platform): global functions, `Новый T`, methods and properties of receivers whose
 * type the module makes knowable, system enumeration values, each with its arity. Then the oldest
 * platform that has every line the modules execute, per path, recomputed from the catalogue's
 * version table and compared with what the guides state; and what object modules reach, checked
 * for availability in every context object modules run in.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateBsl } from '../../src/bsl/generator/index.js';
import { MINIMUM_PLATFORM } from '../../src/bsl/generator/platform-support.js';
import { parseBsl } from '../../src/bsl/parser/index.js';
import { readMetadataApi } from '../../src/bsl/platform/catalogue-data.js';
import { compareVersions, platformCatalogue, type VersionGate, versionGate } from '../../src/bsl/platform/index.js';
import { type Module, modulesOf, VARIANTS } from './generated-variants.js';
import { META, platformUses, type Use } from './platform-uses.js';

const catalogue = platformCatalogue();

// ---- the catalogue check ---------------------------------------------------------------------

const within = (n: number, arity: { min: number; max: number }) => n >= arity.min && n <= arity.max;
const arityText = (a: { min: number; max: number }) => `${a.min}..${a.max === Infinity ? '∞' : a.max}`;

/** Documents' and catalogs' managers, references and objects: the catalogue keeps them as raw lists. */
function metadataMember(type: string, name: string): { min: number; max: number } | undefined {
  const raw = readMetadataApi().types;
  const kinds =
    type === META.reference
      ? ['Документ*(Менеджер/Ссылка/Объект)', 'Справочник*(Менеджер/Ссылка/Объект)']
      : [type.startsWith('Документ') ? 'Документ*(Менеджер/Ссылка/Объект)' : 'Справочник*(Менеджер/Ссылка/Объект)'];
  const arities = kinds.map((k) => {
    const t = raw[k]!;
    const lower = name.toLowerCase();
    if (type === META.reference) {
      const found = Object.keys(t.refMethods ?? {}).find((m) => m.toLowerCase() === lower);
      return found ? { min: 0, max: 0 } : undefined;
    }
    const list = type === META.documentManager || type === META.catalogManager ? t.managerMethods : t.objectMethods;
    const entry = Object.entries(list ?? {}).find(([m]) => m.toLowerCase() === lower)?.[1];
    if (!entry) return undefined;
    return {
      min: Math.min(...entry.map((v) => v.filter((p) => !p.optional).length)),
      max: Math.max(...entry.map((v) => v.length)),
    };
  });
  return arities.every((a) => a !== undefined) ? arities[0] : undefined;
}

/** Problems of one use against the catalogue, or undefined when the platform has it. */
function catalogueProblem(u: Use): string | undefined {
  switch (u.kind) {
    case 'function': {
      const f = catalogue.globalFunction(u.name);
      if (!f) return `global function ${u.name} is not in the catalogue`;
      return within(u.args, f.arity) ? undefined : `${u.name}: ${u.args} arguments, the platform takes ${arityText(f.arity)}`;
    }
    case 'new': {
      const t = catalogue.type(u.type);
      if (!t?.constructible) return `Новый ${u.type}: no such constructible type`;
      return within(u.args, t.constructorArity) ? undefined : `Новый ${u.type}: ${u.args} arguments, constructors take ${arityText(t.constructorArity)}`;
    }
    case 'method': {
      if ([META.documentManager, META.catalogManager, META.reference, META.documentObject, META.catalogObject].includes(u.type as never)) {
        const a = metadataMember(u.type, u.name);
        if (!a) return `${u.type}.${u.name} is not in the catalogue`;
        return within(u.args, a) ? undefined : `${u.type}.${u.name}: ${u.args} arguments, it takes ${arityText(a)}`;
      }
      const m = catalogue.method(u.type, u.name);
      if (!m) return `${u.type}.${u.name} is not in the catalogue`;
      return within(u.args, m.arity) ? undefined : `${u.type}.${u.name}: ${u.args} arguments, it takes ${arityText(m.arity)}`;
    }
    case 'property':
      return catalogue.property(u.type, u.name) ? undefined : `${u.type}.${u.name}: no such property`;
    case 'enum': {
      const e = catalogue.systemEnum(u.enumName);
      return e?.value(u.value) ? undefined : `${u.enumName}.${u.value}: no such system enumeration value`;
    }
    case 'globalProperty':
      return catalogue.globalProperty(u.name) ? undefined : `global property ${u.name} is not in the catalogue`;
  }
}

const problemsOf = (m: Module) =>
  m.uses.flatMap((u) => {
    const p = catalogueProblem(u);
    return p ? [`${m.path}:${u.line}:${u.column}: ${p}`] : [];
  });

/**
 * Receivers no static reading can type: the object a handler passes in (a parameter of the
 * common module), a reference read from an attribute or a query column, the filter element of a
 * register dimension. Anything else unresolved means the inference lost track and a call
 * escaped the check.
 */
const UNRESOLVABLE = new Set([
  'Объект.ДополнительныеСвойства.Свойство',
  'Объект.Ссылка.УникальныйИдентификатор',
  'Ссылка.УникальныйИдентификатор',
  // A reference attribute of a declared kind, read by path: any document's or catalog's reference.
  'Значение.УникальныйИдентификатор',
  'Набор.Отбор.ИдентификаторСообщения.Установить',
]);

describe('generated modules: every platform call is in the catalogue, with its arity', () => {
  for (const [name, options] of Object.entries(VARIANTS)) {
    it(name, () => {
      const { modules } = modulesOf(options);
      // The common module and a pair of object modules per shipped kind (three classic, five more).
      assert.equal(modules.length, 17);
      for (const m of modules) {
        assert.deepEqual(problemsOf(m), [], m.path);
        assert.deepEqual(
          m.unresolved.filter((u) => !UNRESOLVABLE.has(u)),
          [],
          `${m.path}: calls on receivers of unknown type`,
        );
      }
    });
  }

  it('the check reaches the calls that matter (not vacuous)', () => {
    const { common, modules } = modulesOf(VARIANTS['secret-defaults']!);
    const seen = new Set(
      common.uses.map((u) =>
        u.kind === 'method'
          ? `${u.type}.${u.name}`
          : u.kind === 'new'
            ? `Новый ${u.type}`
            : u.kind === 'function'
              ? u.name
              : u.kind === 'enum'
                ? `${u.enumName}.${u.value}`
                : '',
      ),
    );
    for (const expected of [
      'HTTPСоединение.ОтправитьДляОбработки',
      'HTTPЗапрос.УстановитьТелоИзСтроки',
      'HTTPОтвет.ПолучитьТелоКакСтроку',
      'Соответствие.Вставить',
      'БуферДвоичныхДанных.Получить',
      'БуферДвоичныхДанных.Установить',
      'БуферДвоичныхДанных.Записать',
      'БуферДвоичныхДанных.Соединить',
      'ХешированиеДанных.Добавить',
      'ДвоичныеДанные.Размер',
      'Запрос.УстановитьПараметр',
      'Запрос.Выполнить',
      'РезультатЗапроса.Выгрузить',
      'ВыборкаИзРезультатаЗапроса.Следующий',
      'ТаблицаЗначений.Индекс',
      'ЗаписьJSON.УстановитьСтроку',
      'ЗаписьJSON.Закрыть',
      `${META.registerManager}.СоздатьМенеджерЗаписи`,
      `${META.registerRecord}.Прочитать`,
      `${META.registerRecord}.Записать`,
      `${META.documentManager}.ПолучитьСсылку`,
      `${META.reference}.ПолучитьОбъект`,
      'Новый HTTPСоединение',
      'Новый ЗащищенноеСоединениеOpenSSL',
      'Новый СертификатыУдостоверяющихЦентровОС',
      'Новый СистемнаяИнформация',
      'ЗаписьЖурналаРегистрации',
      'ТекущаяУниверсальнаяДатаВМиллисекундах',
      'ПолучитьДвоичныеДанныеИзСтроки',
      'СтрРазделить',
      'ИспользованиеByteOrderMark.НеИспользовать',
      'ХешФункция.SHA256',
      'УровеньЖурналаРегистрации.Ошибка',
    ]) {
      assert.ok(seen.has(expected), expected);
    }
    const handler = modules.find((m) => m.path.startsWith('extension/Документ.'))!;
    assert.ok(handler.uses.some((u) => u.kind === 'method' && u.type === META.documentObject && u.name === 'ЭтоНовый'));
    assert.ok(handler.uses.some((u) => u.kind === 'method' && u.type === 'Структура' && u.name === 'Вставить'));
  });

  it('a wrong call is caught: unknown names, wrong arity, unknown enum values', () => {
    const check = (text: string) => problemsOf({ path: 'm', text, uses: platformUses(text).uses, unresolved: [] });
    const wrap = (body: string) => `Процедура П()\n${body}\nКонецПроцедуры\n`;
    assert.match(check(wrap('А = Лев("abc");')).join(), /Лев: 1 arguments, the platform takes 2\.\.2/);
    assert.match(check(wrap('А = ЛевыйКрай("abc", 1);')).join(), /global function ЛевыйКрай is not in the catalogue/);
    assert.match(check(wrap('С = Новый HTTPСоединение("h", 1, , , , 30, , , , 1);')).join(), /Новый HTTPСоединение: 10 arguments/);
    assert.match(check(wrap('А = КодировкаТекста.UTF9;')).join(), /КодировкаТекста\.UTF9: no such system enumeration value/);
    assert.match(
      check(wrap('Х = Новый ХешированиеДанных(ХешФункция.SHA256);\nХ.Добавитт("a");')).join(),
      /ХешированиеДанных\.Добавитт is not in the catalogue/,
    );
    assert.match(check(wrap('Б = Новый БуферДвоичныхДанных(4);\nБ.Установить(0);')).join(), /БуферДвоичныхДанных\.Установить: 1 arguments/);
    assert.match(check(wrap('О = Новый HTTPЗапрос("/");\nА = О.КодСостояния;')).join(), /HTTPЗапрос\.КодСостояния: no such property/);
  });
});

// ---- the minimum platform, per path ----------------------------------------------------------

/** The gate of a use: a type created with Новый, a method of a typed receiver, a global function. */
function gateOf(u: Use): VersionGate | undefined {
  if (u.kind === 'new') return versionGate(u.type);
  if (u.kind === 'function') return versionGate(u.name);
  if (u.kind === 'method') return versionGate(`${u.type}.${u.name}`) ?? versionGate(u.type);
  return undefined;
}

interface PathReport {
  /** The oldest version that has every gated name the modules execute unconditionally. */
  unconditional?: string;
  /**
   * Gated names executed only under a run-time guard (a call of the module's own function in
   * the `Если`). That the guard holds exactly on the gate's builds is shown by running it on
   * them: test/bsl/runtime/generated-platforms.test.ts.
   */
  guarded: Array<{ name: string; guard: string; minimum: string }>;
}

function pathReport(common: Module): PathReport {
  const report: PathReport = { guarded: [] };
  for (const u of common.uses) {
    const gate = gateOf(u);
    if (!gate) continue;
    const guard = u.guards.find((g) => !g.startsWith('!'));
    if (guard) {
      report.guarded.push({ name: gate.name, guard, minimum: gate.minimum });
      continue;
    }
    if (!report.unconditional || compareVersions(gate.minimum, report.unconditional) > 0) report.unconditional = gate.minimum;
  }
  return report;
}

describe('generated modules: the oldest platform that has every executed line', () => {
  const reports = Object.fromEntries(Object.entries(VARIANTS).map(([name, o]) => [name, pathReport(modulesOf(o).common)]));

  it('the signed modules need exactly the binary-data names (8.3.10.2168); the others need no gated name', () => {
    for (const [name, o] of Object.entries(VARIANTS)) {
      assert.equal(reports[name]!.unconditional, o.auth.kind === 'secret' ? '8.3.10.2168' : undefined, name);
    }
  });

  it('the guides state the oldest platform over every variant, from the version table', () => {
    const oldest = Object.values(reports)
      .map((r) => r.unconditional)
      .filter((v): v is string => v !== undefined)
      .reduce((a, b) => (compareVersions(a, b) >= 0 ? a : b));
    assert.equal(MINIMUM_PLATFORM, oldest);
    for (const o of Object.values(VARIANTS)) {
      const files = generateBsl(o);
      assert.ok(files.find((f) => f.path === 'README.uk.md')!.content.includes(`**${oldest} або новіша**`));
      assert.ok(files.find((f) => f.path === 'README.en.md')!.content.includes(`**${oldest} or later**`));
    }
  });

  it('Новый СертификатыУдостоверяющихЦентровОС runs only on the builds that have it (https), and the guides list them', () => {
    const gate = versionGate('СертификатыУдостоверяющихЦентровОС')!;
    const builds = gate.ranges.map((r) => `${r.from}+`).join(', ');
    for (const [name, o] of Object.entries(VARIANTS)) {
      const files = generateBsl(o);
      const guides = ['README.uk.md', 'README.en.md'].map((p) => files.find((f) => f.path === p)!.content);
      if (o.url.startsWith('https:')) {
        assert.deepEqual(reports[name]!.guarded, [{ name: gate.name, guard: 'ЕстьСертификатыОС', minimum: gate.minimum }], name);
        for (const g of guides) assert.ok(g.includes(builds), `${name}: the guide lists ${builds}`);
      } else {
        assert.deepEqual(reports[name]!.guarded, [], name);
        for (const g of guides) assert.ok(!g.includes(builds), `${name}: no TLS, no certificate paragraph`);
      }
    }
  });

  it('a module that breaks the promise is caught (mutations)', () => {
    const secret = modulesOf(VARIANTS['secret-defaults']!).common;
    const mutate = (from: string, to: string) => {
      assert.ok(secret.text.includes(from), from);
      const text = secret.text.replace(from, to);
      return pathReport({ ...secret, text, uses: platformUses(text).uses });
    };
    // The buffer's bitwise XOR instead of the byte loop: 8.3.23 (its first version is unknown).
    assert.equal(
      mutate('\t\tБайт = K0.Получить(Индекс);', '\t\tIpad.ЗаписатьПобитовоеИсключительноеИли(0, K0);\n\t\tБайт = K0.Получить(Индекс);').unconditional,
      '8.3.23',
    );
    // The OS certificate store created without the guard.
    assert.equal(mutate('\tЕсли ЕстьСертификатыОС() Тогда', '\tЕсли Истина Тогда').unconditional, '8.3.22.2470');
  });
});
// ---- contexts: what object modules reach must exist where object modules run -----------------

/** Local procedures reachable from `entry` through unqualified calls. */
function reachable(text: string, entry: string): Set<string> {
  const module = parseBsl(text).module!;
  const local = new Set(module.procedures.map((p) => p.name));
  const edges = new Map<string, Set<string>>();
  for (const c of module.calls) {
    if (c.qualifier !== undefined || !c.inMethod || !local.has(c.name)) continue;
    if (!edges.has(c.inMethod)) edges.set(c.inMethod, new Set());
    edges.get(c.inMethod)!.add(c.name);
  }
  const seen = new Set([entry]);
  const todo = [entry];
  while (todo.length > 0)
    for (const next of edges.get(todo.pop()!) ?? [])
      if (!seen.has(next)) {
        seen.add(next);
        todo.push(next);
      }
  return seen;
}

function availabilityOf(u: Use): readonly string[] | undefined {
  switch (u.kind) {
    case 'function':
      return catalogue.globalFunction(u.name)?.availability;
    case 'new':
    case 'method':
    case 'property':
      return catalogue.type(u.type)?.availability;
    case 'enum':
      return catalogue.systemEnum(u.enumName)?.availability;
    case 'globalProperty':
      return catalogue.globalProperty(u.name)?.availability;
  }
}

describe('generated modules: available where they run', () => {
  it('everything ЗарегистрироватьИзменение reaches exists on the server, in an external connection and in the thick client', () => {
    for (const [name, o] of Object.entries(VARIANTS)) {
      const { common } = modulesOf(o);
      const reach = reachable(common.text, 'ЗарегистрироватьИзменение');
      assert.ok(reach.has('ДобавитьВОчередь') && reach.has('ТелоЗапроса') && reach.has('НовыйНомерСобытия'), name);
      const missing = common.uses
        .filter((u) => u.method && reach.has(u.method))
        .flatMap((u) => {
          const contexts = availabilityOf(u);
          const lacking = ['Server', 'ExternalConnection', 'ThickClient'].filter((c) => contexts && !contexts.includes(c as never));
          return lacking.length > 0 ? [`${u.method}:${u.line}: ${JSON.stringify(u)} lacks ${lacking.join(', ')}`] : [];
        });
      assert.deepEqual(missing, [], name);
    }
  });

  it('the sender exists on the server (the scheduled job runs there)', () => {
    const { common } = modulesOf(VARIANTS['secret-defaults']!);
    const reach = reachable(common.text, 'ОтправитьОчередь');
    assert.ok(reach.has('HMACSHA256') && reach.has('ОтправитьHTTP') && reach.has('ЕстьСертификатыОС'));
    const missing = common.uses
      .filter((u) => u.method && reach.has(u.method))
      .filter((u) => {
        const c = availabilityOf(u);
        return c !== undefined && !c.includes('Server');
      });
    assert.deepEqual(missing, []);
  });

  it('the module is compiled only where its flags put it, as the guide says', () => {
    const { common, files } = modulesOf(VARIANTS['secret-defaults']!);
    const lines = common.text.split('\n');
    const guard = '#Если Сервер Или ТолстыйКлиентОбычноеПриложение Или ВнешнееСоединение Тогда';
    const first = lines.findIndex((l) => l.startsWith('#') || /^(Процедура|Функция) /.test(l));
    assert.equal(lines[first], guard, 'the guard opens before any code');
    assert.equal(lines.filter((l) => l.trim() !== '').at(-1), '#КонецЕсли');
    assert.match(
      common.text,
      /Сервер = Истина, Внешнее соединение = Истина,\n\/\/ Клиент \(обычное приложение\) = Истина, Клиент \(управляемое приложение\) = Ложь,/,
    );
    const uk = files.find((f) => f.path === 'README.uk.md')!.content;
    const en = files.find((f) => f.path === 'README.en.md')!.content;
    assert.ok(uk.includes('**Сервер**, **Внешнее\nсоединение**, **Клиент (обычное приложение)** — так') && uk.includes(guard));
    assert.ok(en.includes('**Сервер**, **Внешнее\nсоединение**, **Клиент (обычное приложение)** on') && en.includes(guard));
  });
});
