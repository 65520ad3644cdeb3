import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseBsl, type Statement } from '../../src/bsl/parser/index.js';

function firstStatement(code: string): Statement {
  const { module, errors } = parseBsl(`Процедура П()\n${code}\nКонецПроцедуры\n`);
  assert.deepEqual(errors, []);
  return module!.methods[0]!.body[0]!;
}

describe('ВызватьИсключение', () => {
  it('reads the 8.3.21 argument-list form: text, category, code, details, cause', () => {
    const st = firstStatement('ВызватьИсключение(НСтр("ru = \'Ошибка\'"), КатегорияОшибки.ОшибкаКонфигурации, "К1", "Подробно", ИнформацияОбОшибке());');
    assert.equal(st.type, 'Raise');
    if (st.type !== 'Raise') return;
    assert.equal(st.args?.length, 5);
    assert.equal(st.value?.type, 'Call');
    const { module } = parseBsl('Процедура П()\nВызватьИсключение(Текст, КатегорияОшибки.НарушениеПравДоступа,,, Причина);\nКонецПроцедуры');
    const calls = module!.calls.map((c) => c.name);
    assert.deepEqual(calls, []);
  });

  it('keeps the old form: an expression, also one in parentheses or followed by an operator', () => {
    for (const code of [
      'ВызватьИсключение "Ошибка";',
      'ВызватьИсключение("Ошибка");',
      'ВызватьИсключение ("А") + Б;',
      'ВызватьИсключение;',
      'Raise("A", ErrorCategory.ConfigurationError);',
    ]) {
      const st = firstStatement(code);
      assert.equal(st.type, 'Raise', code);
    }
    const st = firstStatement('ВызватьИсключение ("А") + Б;');
    assert.ok(st.type === 'Raise' && st.value?.type === 'Binary' && st.args === undefined);
  });

  it('reports a missing text and an unclosed list with the position', () => {
    const { errors } = parseBsl('Процедура П()\n  ВызватьИсключение(, КатегорияОшибки.ОшибкаКонфигурации);\nКонецПроцедуры');
    assert.equal(errors[0]?.line, 2);
    assert.match(errors[0]!.message, /needs the error text/);
    const unclosed = parseBsl('Процедура П()\n  ВызватьИсключение("А", Б;\nКонецПроцедуры');
    assert.equal(unclosed.errors[0]?.line, 2);
    assert.match(unclosed.errors[0]!.message, /Missing '\)'/);
  });
});
