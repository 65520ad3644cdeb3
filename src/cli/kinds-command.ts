/**
 * `onec-sync kinds draft --configuration <dumped folder> --object Документ.X [--kind sale] [--out file.json]`:
 * a first declaration of a kind from the object's description in a configuration the Designer
 * dumped to files (src/bsl/metadata, src/kinds/draft-declaration.ts). The declaration is checked
 * with the loader before it is written, so what is written loads.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DumpReadError, parseObjectName, readConfiguration, readObject } from '../bsl/metadata/read-dumped-configuration.js';
import { draftDeclaration } from '../kinds/draft-declaration.js';
import { defineKind, KindDeclarationError } from '../kinds/load-declarations.js';
import type { CommandIo } from './command-io.js';

export const KINDS_USAGE = `Usage: onec-sync kinds draft --configuration <dumped folder> --object <Документ.X | Справочник.X> [--kind <kind>] [--out <file.json>]

Writes a declaration of a kind (docs/kinds.md) from the object's XML in a configuration dumped to
files (Конфигуратор → Конфигурация → Выгрузить конфигурацию в файлы, or 1cv8 DESIGNER
/DumpConfigToFiles <folder>): the standard attributes with their lengths, every attribute and
tabular section with its 1C type, roles guessed by name, labels from the synonyms. Attributes whose
type cannot be sent (value storage, UUID, defined types) are left out, each with a line saying why.

  --configuration <dir>  the dumped configuration (the folder with Configuration.xml)
  --object <name>        Документ.РеализацияТоваровУслуг, Справочник.Номенклатура (or Document.X, Catalog.X)
  --kind <kind>          the kind's name (a-z, 0-9, -; default: the object's name in Latin letters)
  --out <file.json>      where to write (default: standard output)
  -h, --help             this text

Exit code: 0 written, 1 the configuration or object cannot be read, 2 bad arguments.`;

const OPTIONS = {
  configuration: { type: 'string' },
  object: { type: 'string' },
  kind: { type: 'string' },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function runKindsCommand(args: string[], io: CommandIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    io.stdout(`${KINDS_USAGE}\n`);
    return sub === undefined ? 2 : 0;
  }
  if (sub !== 'draft') {
    io.stderr(`Unknown kinds command "${sub}".\n\n${KINDS_USAGE}\n`);
    return 2;
  }
  let values: { configuration?: string; object?: string; kind?: string; out?: string; help?: boolean };
  try {
    values = parseArgs({ args: rest, strict: true, allowPositionals: false, options: OPTIONS }).values;
  } catch (error) {
    io.stderr(`${(error as Error).message}\n\n${KINDS_USAGE}\n`);
    return 2;
  }
  if (values.help) {
    io.stdout(`${KINDS_USAGE}\n`);
    return 0;
  }
  const missing = (['configuration', 'object'] as const).filter((k) => !values[k]).map((k) => `--${k}`);
  if (missing.length > 0) {
    io.stderr(`Missing ${missing.join(', ')}\n\n${KINDS_USAGE}\n`);
    return 2;
  }
  const target = parseObjectName(values.object!);
  if (!target) {
    io.stderr(`--object: "${values.object}" is not Документ.<Name> or Справочник.<Name>\n`);
    return 2;
  }
  if (values.kind !== undefined && !/^[a-z][a-z0-9-]{0,31}$/.test(values.kind)) {
    io.stderr(`--kind: "${values.kind}" is not a kind name (a lowercase letter, then a-z, 0-9 or -, at most 32)\n`);
    return 2;
  }
  let text: string;
  try {
    readConfiguration(values.configuration!);
    const object = readObject(values.configuration!, target.cls, target.name);
    const { declaration, skipped } = draftDeclaration(object, values.kind === undefined ? {} : { kind: values.kind });
    // What is written must load: the loader's own check, with the output's name in its errors.
    defineKind(values.out ?? '<stdout>', declaration, { shipped: false });
    text = `${JSON.stringify(declaration, null, 2)}\n`;
    for (const line of skipped) io.stderr(`left out: ${line}\n`);
  } catch (error) {
    if (error instanceof DumpReadError || error instanceof KindDeclarationError) {
      io.stderr(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
  if (values.out === undefined) {
    io.stdout(text);
    return 0;
  }
  try {
    writeFileSync(values.out, text, 'utf8');
  } catch (error) {
    io.stderr(`Could not write ${values.out}: ${(error as Error).message}\n`);
    return 1;
  }
  io.stderr(`Wrote ${values.out}. Read it through: trim what the ERP does not need, add sources such as Контрагент.Наименование.\n`);
  return 0;
}

export async function kindsCommand(args: string[]): Promise<number> {
  return runKindsCommand(args, { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) });
}
