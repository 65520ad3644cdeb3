import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { generateExtensionDump, writeExtensionDump } from '../../src/bsl/extension/extension-dump.js';
import type { BslOptions } from '../../src/bsl/generator/index.js';
import { parseXml, textAt } from '../../src/bsl/metadata/xml-element.js';
import { runBslCheckCommand } from '../../src/cli/bsl-check-command.js';
import { defineKind, loadDeclarations } from '../../src/kinds/load-declarations.js';
import { dumpViolations, type Files } from './dump-rules.js';
import { archiveSkip, EXTENSION_DUMP, SSL_METADATA, unpackDump } from './metadata-archives.js';

const OPTIONS: BslOptions = { url: 'https://erp.example.com', sourceId: 'src-1', auth: { kind: 'secret', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' } };
const EXPECT = { queue: 'ОчередьОтправкиERP', numbers: 'НомераСобытийERP', commonModule: 'СинхронизацияERP', job: 'ОтправкаВERP' };
const asMap = (files: { path: string; content: string }[]): Files => new Map(files.map((f) => [f.path, f.content]));

describe('the extension dump against the Designer’s own dumps', { skip: archiveSkip(SSL_METADATA, EXTENSION_DUMP) }, () => {
  let ext: { dir: string; remove: () => void };
  let ssl: { dir: string; remove: () => void };
  let ref: { ext: string; ssl: string };
  before(() => {
    ext = unpackDump(EXTENSION_DUMP);
    ssl = unpackDump(SSL_METADATA);
    ref = { ext: ext.dir, ssl: ssl.dir };
  });
  after(() => {
    ext?.remove();
    ssl?.remove();
  });

  it('keeps every rule (namespaces, ClassIds, property order, register fields, modules under Ext, job, role, adopted objects)', () => {
    assert.deepEqual(dumpViolations(asMap(generateExtensionDump(OPTIONS)), ref, EXPECT), []);
  });

  it("keeps every rule for a company's own declared kind, adopted with its handlers", () => {
    const own = defineKind(
      'kinds/work-order.json',
      {
        kind: 'work-order',
        object: 'Документ.ЗаказНаряд',
        label: { uk: 'Заказ-наряди', en: 'Work orders' },
        attributes: [
          { name: 'Номер', type: 'Строка(9)', required: true },
          { name: 'Клиент', type: 'СправочникСсылка.Контрагенты' },
        ],
        tabularSections: [{ name: 'Работы', attributes: [{ name: 'Работа', type: 'СправочникСсылка.Номенклатура' }] }],
      },
      { shipped: false },
    );
    const files = asMap(generateExtensionDump({ ...OPTIONS, kinds: [...loadDeclarations(), own] }));
    assert.deepEqual(dumpViolations(files, ref, EXPECT), []);
    assert.match(files.get('Documents/ЗаказНаряд.xml') ?? '', /<ObjectBelonging>Adopted<\/ObjectBelonging>/);
    assert.match(files.get('Documents/ЗаказНаряд/Ext/ObjectModule.bsl') ?? '', /&После\("ПриЗаписи"\)/);
  });

  it('keeps every rule with renamed metadata', () => {
    const names = {
      commonModule: 'ОбменERP',
      queueRegister: 'ЧергаERP',
      numbersRegister: 'НомериПодійERP',
      scheduledJob: 'ВідправкаERP',
      receipt: 'ПоступлениеТоваровИУслуг',
    };
    const files = asMap(generateExtensionDump({ ...OPTIONS, names }));
    assert.deepEqual(dumpViolations(files, ref, { queue: 'ЧергаERP', numbers: 'НомериПодійERP', commonModule: 'ОбменERP', job: 'ВідправкаERP' }), []);
    assert.ok(files.has('Documents/ПоступлениеТоваровИУслуг/Ext/ObjectModule.bsl'));
  });

  const broken: Array<[string, (f: Files) => void, RegExp]> = [
    [
      'a missing register dimension',
      (f) => {
        const p = `InformationRegisters/${EXPECT.queue}.xml`;
        f.set(p, f.get(p)!.replace(/\t\t\t<Dimension uuid="[^"]+">[\s\S]*?<\/Dimension>\n/, ''));
      },
      /^register fields as the modules use them: ОчередьОтправкиERP: no Dimension:ИдентификаторСообщения/,
    ],
    [
      'a wrong ClassId',
      (f) => f.set('Configuration.xml', f.get('Configuration.xml')!.replace('9cd510cd-abfc-11d4-9434-004095e12fc7', '9cd510cd-abfc-11d4-9434-004095e12fc8')),
      /^configuration ClassIds/,
    ],
    [
      'a module outside Ext/',
      (f) => {
        const p = `CommonModules/${EXPECT.commonModule}/Ext/Module.bsl`;
        f.set(`CommonModules/${EXPECT.commonModule}/Module.bsl`, f.get(p)!);
        f.delete(p);
      },
      /^modules under Ext: CommonModules\/СинхронизацияERP\/Module\.bsl/,
    ],
    [
      'another format version',
      (f) => f.set('Roles/СинхронизацияERPОтправка.xml', f.get('Roles/СинхронизацияERPОтправка.xml')!.replace('version="2.9"', 'version="2.20"')),
      /^namespaces and format/,
    ],
    [
      'a job method the module does not export',
      (f) => f.set(`ScheduledJobs/${EXPECT.job}.xml`, f.get(`ScheduledJobs/${EXPECT.job}.xml`)!.replace('.ОтправитьОчередь<', '.Отправить<')),
      /^scheduled job method/,
    ],
    [
      'an adopted object without its uuid',
      (f) =>
        f.set('Catalogs/Контрагенты.xml', f.get('Catalogs/Контрагенты.xml')!.replace(/<ExtendedConfigurationObject>[^<]+/, '<ExtendedConfigurationObject>')),
      /^adopted object properties/,
    ],
    [
      'the OData reader allowed to write',
      (f) => {
        const p = 'Roles/СинхронизацияERPЧтениеOData/Ext/Rights.xml';
        f.set(p, f.get(p)!.replace('<name>Read</name>', '<name>Read</name>\n\t\t\t<value>true</value>\n\t\t</right>\n\t\t<right>\n\t\t\t<name>Update</name>'));
      },
      /^role rights: СинхронизацияERPЧтениеOData: .+ grants Read,Update/,
    ],
    [
      'a register property out of order',
      (f) =>
        f.set(
          `InformationRegisters/${EXPECT.numbers}.xml`,
          f
            .get(`InformationRegisters/${EXPECT.numbers}.xml`)!
            .replace(
              '\t\t\t<Comment/>\n\t\t\t<UseStandardCommands>true</UseStandardCommands>\n',
              '\t\t\t<UseStandardCommands>true</UseStandardCommands>\n\t\t\t<Comment/>\n',
            ),
        ),
      /^information register properties/,
    ],
  ];
  for (const [what, breakIt, rule] of broken) {
    it(`a broken dump fails: ${what}`, () => {
      const files = asMap(generateExtensionDump(OPTIONS));
      breakIt(files);
      const v = dumpViolations(files, ref, EXPECT);
      assert.ok(
        v.some((x) => rule.test(x)),
        v.join('\n') || 'no violation found',
      );
    });
  }

  describe('with the customer’s configuration', () => {
    let customer: string;
    const uuids = new Map<string, string>();
    /** A configuration with the objects the declarations read, each with exactly the attributes they name. */
    const writeCustomer = (drop?: { object: string; attribute: string }) => {
      fs.rmSync(customer, { recursive: true, force: true });
      fs.mkdirSync(path.join(customer, 'Languages'), { recursive: true });
      fs.copyFileSync(path.join(ssl.dir, 'Configuration.xml'), path.join(customer, 'Configuration.xml'));
      fs.copyFileSync(path.join(ssl.dir, 'Languages/Русский.xml'), path.join(customer, 'Languages/Русский.xml'));
      const std = new Set(['Номер', 'Дата', 'Проведен', 'Код', 'Наименование', 'ПометкаУдаления', 'Ссылка']);
      // Every shipped kind, the classic three and the declared ones, as a configuration that has them all.
      for (const k of loadDeclarations()) {
        const cls = k.metaClass === 'Документ' ? 'Document' : 'Catalog';
        const first = (s: string) => (s.startsWith('КонтактнаяИнформация(') ? null : s.split('.')[0]!);
        const attrs = [...new Set(k.attributes.map((a) => first(a.source)).filter((a): a is string => a !== null && !std.has(a)))];
        const sections = new Map<string, Set<string>>();
        for (const s of k.sections) for (const src of s.sources) sections.set(src, new Set(s.attributes.map((a) => first(a.source)!)));
        if (k.attributes.some((a) => a.source.startsWith('КонтактнаяИнформация('))) sections.set('КонтактнаяИнформация', new Set(['Тип', 'Представление']));
        const attr = (n: string) =>
          `<Attribute uuid="${crypto.randomUUID()}"><Properties><Name>${n}</Name><Type><v8:Type>xs:string</v8:Type></Type></Properties></Attribute>`;
        const uuid = crypto.randomUUID();
        uuids.set(`${k.metaClass}.${k.oneCName}`, uuid);
        const body =
          attrs
            .filter((a) => !(drop && drop.object === k.oneCName && drop.attribute === a))
            .map(attr)
            .join('') +
          [...sections]
            .filter(([s]) => !(drop && drop.object === k.oneCName && drop.attribute === s))
            .map(
              ([s, cols]) =>
                `<TabularSection uuid="${crypto.randomUUID()}"><Properties><Name>${s}</Name></Properties><ChildObjects>${[...cols].map(attr).join('')}</ChildObjects></TabularSection>`,
            )
            .join('');
        const folder = path.join(customer, `${cls}s`.replace('Catalogs', 'Catalogs'));
        fs.mkdirSync(folder, { recursive: true });
        fs.writeFileSync(
          path.join(folder, `${k.oneCName}.xml`),
          `<MetaDataObject xmlns="http://v8.1c.ru/8.3/MDClasses" xmlns:v8="http://v8.1c.ru/8.1/data/core" version="2.20"><${cls} uuid="${uuid}"><Properties><Name>${k.oneCName}</Name></Properties><ChildObjects>${body}</ChildObjects></${cls}></MetaDataObject>`,
        );
      }
    };
    before(() => {
      customer = fs.mkdtempSync(path.join(os.tmpdir(), 'onec-sync-customer-'));
    });
    after(() => fs.rmSync(customer, { recursive: true, force: true }));

    it("adopted objects take the configuration's uuids and keep the mapping by ids", () => {
      writeCustomer();
      const files = asMap(generateExtensionDump(OPTIONS, { configuration: customer, kinds: loadDeclarations() }));
      assert.deepEqual(dumpViolations(files, ref, EXPECT), []);
      const doc = parseXml(files.get('Documents/ПоступлениеТоваровУслуг.xml')!);
      assert.equal(textAt(doc.children[0], 'Properties', 'ExtendedConfigurationObject'), uuids.get('Документ.ПоступлениеТоваровУслуг'));
      const lang = parseXml(files.get('Languages/Русский.xml')!);
      assert.equal(textAt(lang.children[0], 'Properties', 'ExtendedConfigurationObject'), 'db4a9ccb-9ef5-4b3c-8577-b6fe5db1b62e');
      assert.equal(textAt(parseXml(files.get('Configuration.xml')!).children[0], 'Properties', 'KeepMappingToExtendedConfigurationObjectsByIDs'), 'true');
      // Without the configuration: adopted by name, the mapping by ids is off.
      const byName = asMap(generateExtensionDump(OPTIONS));
      assert.equal(textAt(parseXml(byName.get('Configuration.xml')!).children[0], 'Properties', 'KeepMappingToExtendedConfigurationObjectsByIDs'), 'false');
    });

    it('refuses, naming the kind, the object and the attribute, when a declared attribute is missing', () => {
      writeCustomer({ object: 'Контрагенты', attribute: 'КодПоЕДРПОУ' });
      assert.throws(
        () => generateExtensionDump(OPTIONS, { configuration: customer, kinds: loadDeclarations() }),
        /kind "client": Справочник\.Контрагенты in the configuration БиблиотекаСтандартныхПодсистем has no attribute КодПоЕДРПОУ/,
      );
      writeCustomer({ object: 'ПоступлениеТоваровУслуг', attribute: 'Услуги' });
      assert.throws(
        () => generateExtensionDump(OPTIONS, { configuration: customer, kinds: loadDeclarations() }),
        /kind "incoming": Документ\.ПоступлениеТоваровУслуг .* has no tabular section Услуги/,
      );
      writeCustomer();
      fs.rmSync(path.join(customer, 'Documents/СчетНаОплатуПокупателю.xml'));
      assert.throws(
        () => generateExtensionDump(OPTIONS, { configuration: customer, kinds: loadDeclarations() }),
        /kind "outgoing": Документ\.СчетНаОплатуПокупателю is not in the configuration/,
      );
    });
  });
});

describe('the extension dump on disk', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onec-sync-dump-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('the same uuids every time, whatever the secret (a newer dump loads over the installed one)', () => {
    const a = asMap(generateExtensionDump(OPTIONS));
    const b = asMap(generateExtensionDump({ ...OPTIONS, auth: { kind: 'token', token: 'other' } }));
    const uuidsOf = (f: Files) =>
      [...f.values()].flatMap((t) => [...t.matchAll(/uuid="([^"]+)"|<xr:(?:TypeId|ValueId|ObjectId)>([^<]+)/g)].map((m) => m[1] ?? m[2]));
    assert.deepEqual(uuidsOf(a), uuidsOf(b));
    assert.equal(new Set(uuidsOf(a)).size, uuidsOf(a).length, 'no uuid is used twice');
  });

  it('is written with a BOM and CRLF, and `bsl check` passes on it', async () => {
    await writeExtensionDump(OPTIONS, dir);
    const raw = fs.readFileSync(path.join(dir, 'Configuration.xml'), 'utf8');
    assert.ok(raw.startsWith('\uFEFF<?xml') && raw.includes('\r\n') && !/[^\r]\n/.test(raw));
    let out = '';
    const code = await runBslCheckCommand([dir], { stdout: (s) => (out += s), stderr: (s) => (out += s) });
    assert.equal(code, 0, out);
    // The common module and one object module per shipped kind.
    assert.match(out, new RegExp(`Checked ${loadDeclarations().length + 1} modules .* 1 common module\\) .*: 0 errors, 0 warnings`));
  });
});

describe('the guides’ install section for the dump', () => {
  for (const [file, start, end] of [
    ['README.uk.md', '## Встановлення з вивантаження', '# Додаток'],
    ['README.en.md', '## Install from the extension dump', '# Appendix'],
  ] as const) {
    it(`${file}: at most ten steps, exact command lines one extension at a time, then the upgrade and what is checked`, async () => {
      const { generateBsl } = await import('../../src/bsl/generator/index.js');
      const guide = generateBsl(OPTIONS).find((f) => f.path === file)!.content;
      const section = guide.slice(guide.indexOf(start), guide.indexOf(end));
      assert.ok(section.length > 0 && guide.indexOf(start) < guide.indexOf(end));
      const steps = section.split('\n').filter((l) => /^\d+\. /.test(l));
      assert.ok(steps.length >= 4 && steps.length <= 10, `${steps.length} steps`);
      assert.match(section, /\/LoadConfigFromFiles "onec_sync" -Extension onec_sync/);
      assert.match(section, /ibcmd infobase config import .*--extension=onec_sync "onec_sync"/);
      assert.match(section, /\/UpdateDBCfg -Extension onec_sync/);
      assert.match(section, /8\.3\.25/);
      assert.match(section, /ОтправкаВERP/);
      assert.match(section, /### (Оновлення|Upgrading)/);
      assert.match(section, /### (Що перевіряється|What is checked)/);
    });
  }
});
