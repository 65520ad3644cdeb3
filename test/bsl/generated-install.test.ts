/**
 * What a customer installs, beyond the platform API: the guides' two-minute check, nothing cited
 * that the customer does not have, the sender's deadline, circuit breaker and event numbers, the
 * proxy's place, and the folder passing `onec-sync bsl check`.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { generateBsl, writeBslFolder } from '../../src/bsl/generator/index.js';
import { NUMBER_FIELDS } from '../../src/bsl/generator/register-fields.js';
import { platformCatalogue } from '../../src/bsl/platform/index.js';
import { runBslCheckCommand } from '../../src/cli/bsl-check-command.js';
import { bodyOf, modulesOf, VARIANTS } from './generated-variants.js';

const catalogue = platformCatalogue();

describe('generated guides: the two-minute check', () => {
  it('tells where to look: the queue register, the dashboard, the API, the event log', () => {
    for (const o of Object.values(VARIANTS)) {
      const files = generateBsl(o);
      const url = o.url.replace(/\/+$/, '');
      for (const [path, heading] of [
        ['README.uk.md', '## Перевірка за дві хвилини'],
        ['README.en.md', '## Two-minute check'],
      ] as const) {
        const g = files.find((f) => f.path === path)!.content;
        const section = g.slice(g.indexOf(heading), g.indexOf('\n## ', g.indexOf(heading) + 4));
        assert.ok(section.length > 0, `${path}: ${heading}`);
        for (const s of [
          `${url}/#/clients`,
          `${url}/#/events`,
          `${url}/api/v1/events?source=${encodeURIComponent(o.sourceId)}`,
          '"status": "applied"',
          `Регистры сведений → ${o.names?.queueRegister ?? 'ОчередьОтправкиERP'}`,
          `${o.names?.commonModule ?? 'СинхронизацияERP'}.Отправка`,
          'ПоследняяОшибка',
        ]) {
          assert.ok(section.includes(s), `${path}: ${s}`);
        }
      }
    }
  });
});

describe('generated files cite nothing the customer does not have', () => {
  it('no notes, issues, internal jargon or paths outside the folder', () => {
    for (const o of Object.values(VARIANTS)) {
      for (const f of generateBsl(o)) {
        for (const pattern of [/1c-facts/i, /\bseed\b/i, /\.\.\//, /shared\/notes/i, /\bissue\s*#?\d/i, /webhook-anchors/i]) {
          assert.doesNotMatch(f.content, pattern, `${f.path}: ${pattern}`);
        }
      }
    }
  });
});

describe('generated sender: deadline per record, circuit breaker, event numbers per object', () => {
  const { common, files } = modulesOf(VARIANTS['secret-defaults']!);

  it('checks the deadline before every record, not only between batches', () => {
    const portion = bodyOf(common.text, 'ОтправитьПорцию');
    const loop = portion.slice(portion.indexOf('Для Каждого Запись Из Кандидаты Цикл'));
    const check = loop.indexOf('Если ТекущаяУниверсальнаяДатаВМиллисекундах() >= Срок Тогда');
    assert.ok(check > 0 && check < loop.indexOf('ОтправитьГруппу('), 'the deadline is checked inside the loop, before the send');
    assert.match(
      bodyOf(common.text, 'ОтправитьОчередь'),
      /Срок = ТекущаяУниверсальнаяДатаВМиллисекундах\(\) \+ 50000;\n\tПока ОтправитьПорцию\(Соединение, Итоги, Срок\) Цикл/,
    );
  });

  it('ends the run at the first answer that says the receiver cannot take it now', () => {
    const portion = bodyOf(common.text, 'ОтправитьПорцию');
    assert.match(
      portion,
      /ИначеЕсли Решение = "retry" Тогда\n(\t\t\t\/\/[^\n]*\n)*\t\t\tИтоги\.Повтор = Итоги\.Повтор \+ 1;\n\t\t\tИтоги\.Остановка = "[^"]+";\n\t\t\tВозврат Ложь;/,
    );
    // "retry" is exactly: no connection (0), 408, 429, 5xx.
    assert.match(
      bodyOf(common.text, 'РешениеПоКоду'),
      /КодСостояния = 0 ИЛИ КодСостояния = 408 ИЛИ КодСостояния = 429 ИЛИ КодСостояния >= 500 Тогда\n\t\tВозврат "retry"/,
    );
  });

  it("takes the larger of the clock and the object's last number + 1, kept in the numbers register the guides describe", () => {
    const numbers = bodyOf(common.text, 'НовыйНомерСобытия');
    assert.match(numbers, /Последний = РегистрыСведений\.НомераСобытийERP\.СоздатьМенеджерЗаписи\(\);/);
    assert.match(numbers, /Номер = Макс\(Номер, Последний\.НомерСобытия \+ 1\);/);
    assert.match(numbers, /Последний\.НомерСобытия = Номер;\n\tПоследний\.Записать\(Истина\);\n\tВозврат Номер;/);
    assert.doesNotMatch(numbers, /РегистрСведений\.ОчередьОтправкиERP/, 'no longer bounded by the queue alone');
    const used = new Set([...numbers.matchAll(/Последний\.([\p{L}]+)/gu)].map((m) => m[1]!));
    assert.deepEqual(
      [...used].filter((u) => !['СоздатьМенеджерЗаписи', 'Прочитать', 'Выбран', 'Записать'].includes(u)).sort(),
      NUMBER_FIELDS.map((f) => f.name).sort(),
    );
    for (const path of ['README.uk.md', 'README.en.md']) {
      const g = files.find((f) => f.path === path)!.content;
      for (const f of NUMBER_FIELDS)
        assert.ok(g.includes(`| ${f.name} | ${f.role === 'dimension' ? 'Измерение' : 'Ресурс'} | ${f.type} |`), `${path}: ${f.name}`);
      assert.ok(g.includes('`НомераСобытийERP`'));
    }
  });

  it('the guides put the proxy fifth in HTTPСоединение, as the platform does', () => {
    const ctor = catalogue.type('HTTPСоединение')!.constructors[0]!;
    assert.equal(ctor.params[4]!.name, 'Прокси');
    for (const path of ['README.uk.md', 'README.en.md']) {
      const g = files.find((f) => f.path === path)!.content;
      assert.ok(g.includes('`Новый HTTPСоединение("erp.example.com", 443, , , Новый ИнтернетПрокси(Истина), 30, Защищенное)`'), path);
      assert.doesNotMatch(g, /четвертий|fourth/);
    }
  });
});

describe('generated folder: `onec-sync bsl check` finds nothing', () => {
  for (const [name, options] of Object.entries(VARIANTS)) {
    it(name, async () => {
      const dir = await mkdtemp(join(tmpdir(), 'onec-bsl-check-'));
      try {
        await writeBslFolder(options, dir);
        let out = '';
        const io = {
          stdout: (s: string) => {
            out += s;
          },
          stderr: (s: string) => {
            out += s;
          },
        };
        assert.equal(await runBslCheckCommand([dir], io), 0, out);
        assert.match(out, /Checked 17 modules .*: 0 errors, 0 warnings/);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  }
});
