/**
 * The register of last event numbers is named like every other metadata object: by option and
 * by CLI flag, and the name reaches the module and both guides.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { generateBsl } from '../../src/bsl/generator/index.js';
import { runBslCommand } from '../../src/cli/bsl-command.js';

describe('the numbers register name', () => {
  it('defaults to НомераСобытийERP and follows names.numbersRegister into the module and the guides', () => {
    const base = { url: 'https://erp.example.com', sourceId: 's', auth: { kind: 'none' } } as const;
    assert.ok(
      generateBsl(base)
        .find((f) => f.path.startsWith('common/'))!
        .content.includes('РегистрыСведений.НомераСобытийERP.СоздатьМенеджерЗаписи()'),
    );
    const files = generateBsl({ ...base, names: { numbersRegister: 'ОстанніНомериERP' } });
    assert.ok(files.find((f) => f.path.startsWith('common/'))!.content.includes('РегистрыСведений.ОстанніНомериERP.СоздатьМенеджерЗаписи()'));
    for (const p of ['README.uk.md', 'README.en.md']) assert.ok(files.find((f) => f.path === p)!.content.includes('`ОстанніНомериERP`'), p);
    assert.throws(() => generateBsl({ ...base, names: { numbersRegister: 'Номера ERP' } }), /not a 1C identifier/);
  });

  it('the CLI takes --numbers-register', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'onec-bsl-names-'));
    try {
      let stderr = '';
      const code = await runBslCommand(['--url', 'http://localhost:3000', '--source', 'dev', '--token', 't', '--out', dir, '--numbers-register', 'НомериERP'], {
        stdout: () => {},
        stderr: (s) => {
          stderr += s;
        },
      });
      assert.equal(code, 0, stderr);
      const common = await readFile(join(dir, 'common/ОбщийМодуль.СинхронизацияERP.Модуль.bsl'), 'utf8');
      assert.ok(common.includes('РегистрыСведений.НомериERP.СоздатьМенеджерЗаписи()'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
