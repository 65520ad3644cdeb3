/**
 * Test helper: the generated variants the tests of the generated modules share (the golden
 * files' option sets plus every authentication kind over http and https), each module with the
 * platform names it uses (./platform-uses.ts).
 */
import assert from 'node:assert/strict';
import { type BslOptions, type GeneratedFile, generateBsl } from '../../src/bsl/generator/index.js';
import { parseBsl } from '../../src/bsl/parser/index.js';
import { platformUses, type Use } from './platform-uses.js';

export const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

/** The golden files' option sets, and every authentication kind over http and https. */
export const VARIANTS: Record<string, BslOptions> = {
  'secret-defaults': { url: 'https://erp.example.com', sourceId: 'buh-main', auth: { kind: 'secret', secret: SECRET } },
  'token-renamed': {
    url: 'http://10.0.0.5:8080/onec-sync/',
    sourceId: 'kyiv-branch',
    auth: { kind: 'token', token: 'tok_3f9a"x' },
    names: { receipt: 'ПоступлениеТоваровИУслуг', commonModule: 'ОбменERP', queueRegister: 'ЧергаERP', scheduledJob: 'НадсиланняERP' },
    timeoutSeconds: 15,
  },
  'none-minimal': { url: 'https://erp.example.com:8443', sourceId: 'test', auth: { kind: 'none' }, includeServices: false, includeVat: false },
  'secret-http': { url: 'http://localhost:3000', sourceId: 'dev', auth: { kind: 'secret', secret: SECRET } },
  'token-https': { url: 'https://erp.example.com/base', sourceId: 's1', auth: { kind: 'token', token: 'abc' } },
  'none-http': { url: 'http://erp.local', sourceId: 's2', auth: { kind: 'none' } },
};

export interface Module {
  path: string;
  text: string;
  uses: Use[];
  unresolved: string[];
}

export function modulesOf(options: BslOptions): { files: GeneratedFile[]; modules: Module[]; common: Module } {
  const files = generateBsl(options);
  const commonFile = files.find((f) => f.path.startsWith('common/'))!;
  const commonName = /ОбщийМодуль\.(.+)\.Модуль\.bsl$/.exec(commonFile.path)![1]!;
  const exports = parseBsl(commonFile.content)
    .module!.procedures.filter((p) => p.exported)
    .map((p) => p.name);
  const modules = files
    .filter((f) => f.path.endsWith('.bsl'))
    .map((f): Module => {
      const objectModuleOf = f.path.includes('/Документ.') ? 'document' : f.path.includes('/Справочник.') ? 'catalog' : undefined;
      const r = platformUses(f.content, { commonModules: { [commonName]: exports }, ...(objectModuleOf ? { objectModuleOf } : {}) });
      return { path: f.path, text: f.content, uses: r.uses, unresolved: r.unresolved.map((u) => `${u.receiver}.${u.name}`) };
    });
  return { files, modules, common: modules.find((m) => m.path === commonFile.path)! };
}

/** The body of one procedure or function of a module. */
export function bodyOf(text: string, name: string): string {
  const start = text.search(new RegExp(`^(Функция|Процедура) ${name}\\(`, 'm'));
  assert.ok(start >= 0, `${name} is defined`);
  return text.slice(start, text.indexOf('\nКонец', start));
}
