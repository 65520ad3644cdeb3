import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DumpReadError, readConfiguration, readObject } from '../../src/bsl/metadata/read-dumped-configuration.js';
import { parseXml, XmlError } from '../../src/bsl/metadata/xml-element.js';
import { runKindsCommand } from '../../src/cli/kinds-command.js';
import { draftDeclaration } from '../../src/kinds/draft-declaration.js';
import { defineKind } from '../../src/kinds/load-declarations.js';
import { archiveSkip, EXTENSION_DUMP, SSL_METADATA, unpackDump } from './metadata-archives.js';

describe('the XML reader', () => {
  it('reads elements, attributes, entities and CDATA; drops whitespace between elements', () => {
    const e = parseXml('\uFEFF<?xml version="1.0"?>\n<!-- c --><a x="1 &amp; 2"><b>t&lt;&#x41;</b>\n <c/><d><![CDATA[<raw>]]></d></a>');
    assert.equal(e.attrs.x, '1 & 2');
    assert.deepEqual(
      e.children.map((c) => [c.name, c.text]),
      [
        ['b', 't<A'],
        ['c', ''],
        ['d', '<raw>'],
      ],
    );
  });
  it('refuses what is not well-formed, naming the line', () => {
    assert.throws(
      () => parseXml('<a>\n<b></a>'),
      (e: unknown) => e instanceof XmlError && /line 2: <\/a> closes <b>/.test(e.message),
    );
    assert.throws(() => parseXml('<a>&nbsp;</a>'), XmlError);
    assert.throws(() => parseXml('<!DOCTYPE a><a/>'), XmlError);
    assert.throws(() => parseXml('<a/><b/>'), /after the root/);
  });
});

describe('a configuration dumped by the Designer (standard subsystems, format 2.20)', { skip: archiveSkip(SSL_METADATA) }, () => {
  let dump: { dir: string; remove: () => void };
  before(() => {
    dump = unpackDump(SSL_METADATA);
  });
  after(() => dump?.remove());

  it('Configuration.xml: name, uuid, format, compatibility modes, languages', () => {
    const c = readConfiguration(dump.dir);
    assert.equal(c.name, 'БиблиотекаСтандартныхПодсистем');
    assert.equal(c.uuid, '5c55913b-6573-4f45-b848-a90373dafdac');
    assert.equal(c.formatVersion, '2.20');
    assert.equal(c.compatibilityMode, 'Version8_3_24');
    assert.equal(c.extensionCompatibilityMode, 'Version8_3_27');
    assert.equal(c.extensionPurpose, null);
    assert.deepEqual(c.languages, ['Русский']);
    assert.equal(c.defaultLanguage, 'Русский');
  });

  it("a document: uuid, synonym, number length, attributes' types, tabular sections", () => {
    const d = readObject(dump.dir, 'Документ', 'Анкета');
    assert.equal(d.name, 'Анкета');
    assert.match(d.uuid, /^[0-9a-f-]{36}$/);
    assert.equal(d.synonym.ru, 'Анкета');
    assert.equal(d.numberLength, 11);
    assert.equal(d.numberType, 'String');
    const opros = d.attributes.find((a) => a.name === 'Опрос')!;
    assert.deepEqual(opros.type, { type: 'ref', targets: [{ class: 'Документ', name: 'НазначениеОпросов' }] });
    assert.deepEqual(d.attributes.find((a) => a.name === 'ДатаРедактирования')!.type, { type: 'date', parts: 'datetime' });
    assert.equal(d.attributes.find((a) => a.name === 'Респондент')!.type, null, 'a defined type cannot be sent');
    assert.deepEqual(
      d.tabularSections.map((t) => t.name),
      ['Состав'],
    );
  });

  it('a catalog: code and description lengths, owners, a value storage read as unsendable', () => {
    const c = readObject(dump.dir, 'Справочник', 'ВерсииФайлов');
    assert.equal(c.codeLength, 11);
    assert.equal(c.codeType, 'String');
    assert.equal(c.descriptionLength, 150);
    assert.deepEqual(c.owners, ['Catalog.Файлы']);
    assert.equal(c.attributes.find((a) => a.name === 'ФайлХранилище')!.type, null);
    assert.deepEqual(c.attributes.find((a) => a.name === 'ФайлХранилище')!.rawTypes, ['v8:ValueStorage']);
  });

  it('a missing object is an error naming the file', () => {
    assert.throws(
      () => readObject(dump.dir, 'Документ', 'НетТакого'),
      (e: unknown) => e instanceof DumpReadError && /НетТакого\.xml.*Документ\.НетТакого/.test(e.message),
    );
  });

  for (const [cls, name] of [
    ['Документ', 'Анкета'],
    ['Документ', 'ЭлектронноеПисьмоИсходящее'],
    ['Справочник', 'ВерсииФайлов'],
    ['Справочник', 'Пользователи'],
    ['Справочник', 'ДополнительныеОтчетыИОбработки'],
  ] as const) {
    it(`kinds draft of ${cls}.${name} loads with defineKind, every sendable attribute and section in it`, () => {
      const o = readObject(dump.dir, cls, name);
      const { declaration, skipped } = draftDeclaration(o);
      const k = defineKind('draft.json', JSON.parse(JSON.stringify(declaration)), { shipped: false });
      const sendable = o.attributes.filter((a) => a.type !== null).map((a) => a.name);
      for (const n of sendable)
        assert.ok(
          k.attributes.some((a) => a.name === n),
          `${n} is declared`,
        );
      for (const a of o.attributes.filter((x) => x.type === null))
        assert.ok(
          skipped.some((s) => s.startsWith(`${a.name} (`)),
          `${a.name} is said to be left out`,
        );
      for (const ts of o.tabularSections) {
        assert.ok(k.sections.some((s) => s.name === ts.name) || skipped.some((s) => s.startsWith(`${ts.name}:`)), `${ts.name} declared or said why not`);
      }
      if (cls === 'Документ') {
        assert.equal(k.roles.number?.typeText, `Строка(${o.numberLength})`);
        assert.equal(k.roles.date?.name, 'Дата');
        assert.equal(k.roles.posted?.name, 'Проведен');
      } else {
        // A catalog without codes (CodeLength 0) has no Код to send.
        assert.equal(k.roles.code?.typeText, o.codeLength ? `Строка(${o.codeLength})` : undefined);
        assert.equal(k.roles.name?.typeText, `Строка(${o.descriptionLength})`);
      }
    });
  }
});

describe('onec-sync kinds draft', { skip: archiveSkip(SSL_METADATA, EXTENSION_DUMP) }, () => {
  let dump: { dir: string; remove: () => void };
  let out: string;
  before(() => {
    dump = unpackDump(SSL_METADATA);
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'onec-sync-draft-'));
  });
  after(() => {
    dump?.remove();
    fs.rmSync(out, { recursive: true, force: true });
  });
  const run = async (args: string[]) => {
    let stdout = '';
    let stderr = '';
    const code = await runKindsCommand(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
    return { code, stdout, stderr };
  };

  it('writes a file that loads, with the kind given, and says what it left out', async () => {
    const file = path.join(out, 'users.json');
    const r = await run(['draft', '--configuration', dump.dir, '--object', 'Справочник.Пользователи', '--kind', 'users', '--out', file]);
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    assert.equal(json.kind, 'users');
    assert.equal(json.object, 'Справочник.Пользователи');
    defineKind(file, json, { shipped: false });
    assert.match(r.stderr, /left out: Фотография \(v8:ValueStorage: a value storage/);
    assert.match(r.stderr, /left out: ИдентификаторПользователяИБ \(v8:UUID/);
  });

  it('bad arguments exit 2; a missing object exits 1 naming it', async () => {
    assert.equal((await run(['draft', '--configuration', dump.dir])).code, 2);
    assert.equal((await run(['draft', '--configuration', dump.dir, '--object', 'Регистр.X'])).code, 2);
    assert.equal((await run(['draft', '--configuration', dump.dir, '--object', 'Документ.Анкета', '--kind', 'Bad'])).code, 2);
    const r = await run(['draft', '--configuration', dump.dir, '--object', 'Документ.НетТакого']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Документ\.НетТакого/);
  });

  it('an extension dump (format 2.9) reads as well: purpose, prefix, adopted document', () => {
    const ext = unpackDump(EXTENSION_DUMP);
    try {
      const c = readConfiguration(ext.dir);
      assert.equal(c.formatVersion, '2.9');
      assert.equal(c.extensionPurpose, 'Customization');
      assert.equal(c.namePrefix, 'Расш_');
      const d = readObject(ext.dir, 'Документ', 'Документ1');
      assert.deepEqual(d.tabularSections[0]!.attributes[0]!.type, { type: 'ref', targets: [{ class: 'Справочник', name: 'Справочник1' }] });
    } finally {
      ext.remove();
    }
  });
});
