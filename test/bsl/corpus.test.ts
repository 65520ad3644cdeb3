import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseBsl } from '../../src/bsl/parser/index.js';
import { bslFiles, corpusSkip, unpackCorpus } from './corpus-archive.js';
import { toEnglishKeywords } from './english-keywords.js';

describe('the parser on 1C\'s standard subsystems (every module)', { skip: corpusSkip() }, () => {
  let corpus: { dir: string; remove: () => void };
  let files: string[] = [];
  const texts = new Map<string, string>();

  before(() => {
    corpus = unpackCorpus();
    files = bslFiles(corpus.dir);
    for (const f of files) texts.set(f, fs.readFileSync(f, 'utf8'));
  });
  after(() => corpus?.remove());

  const failures = (parse: (file: string) => ReturnType<typeof parseBsl>, list: string[]): string[] => {
    const out: string[] = [];
    for (const f of list) {
      const { errors } = parse(f);
      if (errors.length > 0) out.push(`${path.relative(corpus.dir, f)}:${errors[0]!.line}:${errors[0]!.column}: ${errors[0]!.message}`);
    }
    return out;
  };

  it('reads all 2,197 modules without a syntax error', (t) => {
    assert.equal(files.length, 2197);
    let lines = 0;
    for (const text of texts.values()) lines += text.split('\n').length;
    const started = performance.now();
    const bad = failures((f) => parseBsl(texts.get(f)!), files);
    const seconds = (performance.now() - started) / 1000;
    t.diagnostic(`parsed ${files.length} modules, ${lines} lines in ${seconds.toFixed(2)} s: ${Math.round(lines / seconds)} lines/s`);
    assert.deepEqual(bad.slice(0, 20), [], `${bad.length} modules with syntax errors`);
  });

  it('reads them with English keywords too (every fourth module, translated mechanically)', (t) => {
    const sample = files.filter((_, i) => i % 4 === 0);
    const translated = new Map(sample.map((f) => [f, toEnglishKeywords(texts.get(f)!)]));
    // The translation really happened: the sample has no Russian keyword left where one was.
    const before = [...translated.keys()].filter((f) => /^\s*Процедура\s/mu.test(texts.get(f)!)).length;
    const after = [...translated.values()].filter((s) => /^\s*Процедура\s/mu.test(s)).length;
    assert.ok(before > 100, `${before} sampled modules had procedures`);
    assert.equal(after, 0);
    const bad = failures((f) => parseBsl(translated.get(f)!), sample);
    t.diagnostic(`${sample.length} modules with English keywords`);
    assert.deepEqual(bad.slice(0, 20), [], `${bad.length} modules with syntax errors`);
  });

  it('gives the same procedures and calls with either keyword language', () => {
    for (const f of files.filter((_, i) => i % 40 === 0)) {
      const ru = parseBsl(texts.get(f)!).module!;
      const en = parseBsl(toEnglishKeywords(texts.get(f)!)).module!;
      assert.deepEqual(en.procedures.map((p) => [p.name, p.kind, p.exported, p.line]), ru.procedures.map((p) => [p.name, p.kind, p.exported, p.line]), f);
      assert.deepEqual(en.calls.map((c) => [c.name, c.line, c.argCount]), ru.calls.map((c) => [c.name, c.line, c.argCount]), f);
    }
  });
});
