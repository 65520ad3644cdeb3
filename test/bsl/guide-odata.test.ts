/**
 * The guides' part for the 1C administrator (reconciliation over OData): the composition code
 * is BSL the parser and the platform catalogue accept, it names the generated kinds' objects
 * (renamed ones by their names in this configuration) and the catalogs their references point
 * to, and the read-only role and the read table name the same objects, in both languages.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type BslOptions, generateBsl } from '../../src/bsl/generator/index.js';
import { checkPlatformApi, parseBsl } from '../../src/bsl/parser/index.js';
import { KindRegistry } from '../../src/kinds/kind-registry.js';
import { VARIANTS } from './generated-variants.js';

const registry = KindRegistry.load();
const guides = (options: BslOptions) => {
  const files = generateBsl(options);
  return ['README.uk.md', 'README.en.md'].map((p) => files.find((f) => f.path === p)!.content);
};
const snippet = (guide: string) => /```bsl\n([\s\S]*?)\n```/.exec(guide.slice(guide.lastIndexOf('\n# ')))?.[1];

describe('the guide for the 1C administrator: OData', () => {
  for (const [name, options] of Object.entries(VARIANTS)) {
    it(`${name}: the composition code parses and uses the platform as the catalogue says`, () => {
      for (const guide of guides(options)) {
        const code = snippet(guide);
        assert.ok(code, 'a bsl block in the last part of the guide');
        const { module, errors } = parseBsl(`Процедура НастроитьOData() Экспорт\n${code}\nКонецПроцедуры\n`);
        assert.deepEqual(errors, []);
        assert.deepEqual(checkPlatformApi(module!, { platformVersion: '8.3.10' }), []);
        assert.match(code, /^УстановитьСоставСтандартногоИнтерфейсаOData\(Состав\);$/m);
      }
    });
  }

  it('names the kinds’ objects by their names in this configuration, the catalogs they refer to, and only Read', () => {
    const [uk, en] = guides({ ...VARIANTS['token-renamed']!, kinds: [registry.require('incoming'), registry.require('item')] });
    for (const guide of [uk!, en!]) {
      const code = snippet(guide)!;
      const added = [...code.matchAll(/^Нужные\.Добавить\((.+)\);$/gm)].map((m) => m[1]);
      assert.deepEqual(added.slice(0, 2), ['Метаданные.Документы.ПоступлениеТоваровИУслуг', 'Метаданные.Справочники.Номенклатура']);
      assert.ok(added.includes('Метаданные.Справочники.КлассификаторЕдиницИзмерения'), 'a catalog an item refers to, for $expand');
      assert.ok(!added.some((m) => m?.includes('Документы.РеализацияТоваровУслуг')), 'only the kinds generated');
      assert.equal(new Set(added).size, added.length);
      const roleRows = [...guide.matchAll(/^\| `(Документы|Справочники)\.([^`]+)` \| (.+) \|$/gm)];
      assert.deepEqual(
        roleRows.map((m) => `Метаданные.${m[1]}.${m[2]}`),
        added,
      );
      assert.ok(roleRows.every((m) => m[3] === 'Чтение (Read)'));
      assert.match(
        guide,
        /`Document_ПоступлениеТоваровИУслуг` \| Ref_Key, DataVersion, DeletionMark, Date, Posted \| `Document_ПоступлениеТоваровИУслуг_Товары`/,
      );
      assert.match(guide, /`Catalog_Номенклатура` \| Ref_Key, DataVersion, DeletionMark \| — \|/);
      assert.match(guide, /onec-sync source odata kyiv-branch --url http:\/\/.+\/odata\/standard\.odata --user odata_reader/);
    }
  });
});
