/**
 * `onec-sync bsl`: writes the folder of 1C modules and guides for one source
 * (src/bsl/generator). The dispatcher in cli/main.ts and reading the secret from the
 * database are wired elsewhere; this takes everything from its arguments.
 */
import { parseArgs } from 'node:util';
import { type BslNames, type BslOptions, generateBsl, writeBslFolder } from '../bsl/generator/index.js';
import { loadConfig } from '../config/load-config.js';
import { KindRegistry } from '../kinds/kind-registry.js';
import type { CommandIo } from './command-io.js';

/** parseArgs options; `strict` rejects anything else. */
const OPTIONS = {
  url: { type: 'string' },
  source: { type: 'string' },
  secret: { type: 'string' },
  token: { type: 'string' },
  out: { type: 'string' },
  dump: { type: 'string' },
  configuration: { type: 'string' },
  'extension-name': { type: 'string' },
  'receipt-name': { type: 'string' },
  'invoice-name': { type: 'string' },
  'client-name': { type: 'string' },
  'common-module': { type: 'string' },
  'queue-register': { type: 'string' },
  'numbers-register': { type: 'string' },
  'scheduled-job': { type: 'string' },
  'goods-table': { type: 'string' },
  'services-table': { type: 'string' },
  counterparty: { type: 'string' },
  edrpou: { type: 'string' },
  'tax-id': { type: 'string' },
  timeout: { type: 'string' },
  kinds: { type: 'string' },
  'no-services': { type: 'boolean' },
  'no-vat': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const BSL_USAGE = `Usage: onec-sync bsl --url <url> --source <id> (--secret <whsec_…> | --token <token>) (--dump <dir> | --out <dir>) [options]

Writes a configuration extension in the Designer's XML dump format (--dump: load it with
1cv8 DESIGNER /LoadConfigFromFiles <dir> -Extension onec_sync, or ibcmd infobase config import
--extension=onec_sync <dir>), and/or the loose 1C modules (an outbox common module, object-module
handlers for an extension and for direct insertion) with the setup guides README.uk.md / README.en.md (--out).

Required:
  --url <url>              where onec-sync listens, e.g. https://erp.example.com (a base path is kept)
  --source <id>            the onec-sync source id this 1C base posts as
  --dump <dir>             the extension's dump folder to write (created if missing)
  --out <dir>              the folder of loose modules and guides to write (created if missing)
  --configuration <dir>    with --dump: the customer's configuration dumped to files; adopted objects take
                           their uuids from it, and a declared attribute missing there stops the dump
  --extension-name <name>  with --dump: the extension's name (default onec_sync)
Authentication (one of; without both the modules send no credentials):
  --secret <whsec_…>       Standard Webhooks signing secret
  --token <token>          bearer token
Options:
  --receipt-name <name>    incoming-goods document   (default ПоступлениеТоваровУслуг; the original setup guide says ПоступлениеТоваровИУслуг)
  --invoice-name <name>    outgoing-invoice document (default СчетНаОплатуПокупателю)
  --client-name <name>     counterparties catalog    (default Контрагенты)
  --common-module <name>   common module             (default СинхронизацияERP)
  --queue-register <name>  outbox information register (default ОчередьОтправкиERP)
  --numbers-register <name> register of each object's last event number (default НомераСобытийERP)
  --scheduled-job <name>   scheduled job             (default ОтправкаВERP)
  --goods-table <name>     goods tabular section     (default Товары)
  --services-table <name>  services tabular section  (default Услуги)
  --counterparty <name>    document's counterparty attribute (default Контрагент)
  --edrpou <name>          counterparty's ЄДРПОУ attribute   (default КодПоЕДРПОУ)
  --tax-id <name>          counterparty's tax-id attribute   (default ИНН)
  --timeout <seconds>      HTTP timeout (default 30)
  --kinds <k1,k2,…>        the declared kinds to send (default: all; the shipped ones plus ONEC_SYNC_KINDS_DIR's)
  --no-services            do not send the services tabular section
  --no-vat                 do not send СтавкаНДС/СуммаНДС
  -h, --help               this text

To check 1C modules (yours or these): onec-sync bsl check <file.bsl | folder> (--help for more).`;

/** Returns the exit code: 0 written, 1 could not write, 2 bad arguments (usage on stderr). */
export async function runBslCommand(args: string[], io: CommandIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  if (args[0] === 'check') return (await import('./bsl-check-command.js')).runBslCheckCommand(args.slice(1), io);
  let values: CliValues;
  try {
    values = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: OPTIONS,
    }).values as CliValues;
  } catch (error) {
    io.stderr(`${(error as Error).message}\n\n${BSL_USAGE}\n`);
    return 2;
  }
  if (values.help) {
    io.stdout(`${BSL_USAGE}\n`);
    return 0;
  }

  // The kinds are the service's: the shipped declarations and the customer's folder, checked.
  let registry: KindRegistry;
  try {
    registry = KindRegistry.load(loadConfig(env).kindsDir);
  } catch (error) {
    io.stderr(`${(error as Error).message}\n`);
    return 2;
  }
  const prepared = toOptions(values, registry);
  if ('error' in prepared) {
    io.stderr(`${prepared.error}\n\n${BSL_USAGE}\n`);
    return 2;
  }
  try {
    generateBsl(prepared.options); // validates names, URL, secret before anything is written
  } catch (error) {
    io.stderr(`${(error as Error).message}\n\n${BSL_USAGE}\n`);
    return 2;
  }
  if (prepared.options.auth.kind === 'none') {
    io.stderr(
      'Warning: neither --secret nor --token given: the generated modules send no credentials. ' +
        'The receiver must accept anonymous webhooks for this source; prefer regenerating with --secret.\n',
    );
  }

  if (prepared.dumpDir !== undefined) {
    try {
      const { writeExtensionDump } = await import('../bsl/extension/extension-dump.js');
      const { loadDeclarations } = await import('../kinds/load-declarations.js');
      const written = await writeExtensionDump(prepared.options, prepared.dumpDir, {
        ...(prepared.extensionName === undefined ? {} : { name: prepared.extensionName }),
        ...(prepared.configuration === undefined
          ? {}
          : { configuration: prepared.configuration, kinds: loadDeclarations(process.env.ONEC_SYNC_KINDS_DIR || undefined) }),
      });
      io.stdout(
        `Wrote the extension (${written.length} files) to ${prepared.dumpDir}.\n` +
          `Load it (one extension at a time; the guide written with --out has every step):\n` +
          `  1cv8 DESIGNER /F <base> /N <admin> /LoadConfigFromFiles ${prepared.dumpDir} -Extension ${prepared.extensionName ?? 'onec_sync'} /UpdateDBCfg\n` +
          `  or: ibcmd infobase config import --db-path=<base> --extension=${prepared.extensionName ?? 'onec_sync'} ${prepared.dumpDir}\n`,
      );
    } catch (error) {
      const known = ['ExtensionDumpError', 'DumpReadError', 'KindDeclarationError'].includes((error as Error).name);
      io.stderr(`${known ? '' : 'Could not write the extension: '}${(error as Error).message}\n`);
      return 1;
    }
    if (prepared.outDir === undefined) return 0;
  }
  try {
    const written = await writeBslFolder(prepared.options, prepared.outDir as string);
    io.stdout(
      `Wrote ${written.length} files to ${prepared.outDir}:\n${written.map((p) => `  ${p}\n`).join('')}` +
        'Next: follow README.uk.md (or README.en.md) in that folder.\n',
    );
    return 0;
  } catch (error) {
    io.stderr(`Could not write the 1C modules: ${(error as Error).message}\n`);
    return 1;
  }
}

type CliValues = { [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]['type'] extends 'boolean' ? boolean : string };

/** CLI flag → BslNames key. */
const NAME_FLAGS: ReadonlyArray<readonly [keyof typeof OPTIONS, keyof BslNames]> = [
  ['receipt-name', 'receipt'],
  ['invoice-name', 'invoice'],
  ['client-name', 'client'],
  ['common-module', 'commonModule'],
  ['queue-register', 'queueRegister'],
  ['scheduled-job', 'scheduledJob'],
  ['goods-table', 'goodsTable'],
  ['services-table', 'servicesTable'],
  ['counterparty', 'counterparty'],
  ['edrpou', 'edrpou'],
  ['tax-id', 'taxId'],
  ['numbers-register', 'numbersRegister'],
];

interface Prepared {
  options: BslOptions;
  outDir?: string;
  dumpDir?: string;
  configuration?: string;
  extensionName?: string;
}

function toOptions(
  v: CliValues,
  registry: KindRegistry,
): { options: BslOptions; outDir?: string; dumpDir?: string; configuration?: string; extensionName?: string } | { error: string } {
  const missing = (['url', 'source'] as const).filter((k) => !v[k]).map((k) => `--${k}`);
  if (!v.out && !v.dump) missing.push('--dump or --out');
  if (missing.length > 0) return { error: `Missing ${missing.join(', ')}` };
  if (!v.dump && (v.configuration !== undefined || v['extension-name'] !== undefined)) return { error: '--configuration and --extension-name go with --dump' };
  if (v.secret !== undefined && v.token !== undefined) return { error: 'Give --secret or --token, not both' };

  const names: Partial<BslNames> = {};
  for (const [flag, key] of NAME_FLAGS) {
    const value = v[flag];
    if (typeof value === 'string') names[key] = value;
  }
  let timeoutSeconds: number | undefined;
  if (v.timeout !== undefined) {
    if (!/^\d+$/.test(v.timeout)) return { error: `--timeout must be a whole number of seconds, got "${v.timeout}"` };
    timeoutSeconds = Number(v.timeout);
  }
  let kinds = [...registry.list];
  if (v.kinds !== undefined) {
    const asked = v.kinds
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean);
    const unknown = asked.filter((k) => !registry.get(k));
    if (asked.length === 0 || unknown.length > 0) {
      return { error: `--kinds: unknown kind(s) ${unknown.join(', ') || '(none given)'}; declared: ${registry.list.map((k) => k.kind).join(', ')}` };
    }
    kinds = [...new Set(asked)].map((k) => registry.require(k));
  }
  const auth: BslOptions['auth'] =
    v.secret !== undefined ? { kind: 'secret', secret: v.secret } : v.token !== undefined ? { kind: 'token', token: v.token } : { kind: 'none' };
  const prepared: Prepared = {
    ...(v.out === undefined ? {} : { outDir: v.out }),
    ...(v.dump === undefined ? {} : { dumpDir: v.dump }),
    ...(v.configuration === undefined ? {} : { configuration: v.configuration }),
    ...(v['extension-name'] === undefined ? {} : { extensionName: v['extension-name'] }),
    options: {
      url: v.url as string,
      sourceId: v.source as string,
      auth,
      names,
      ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }),
      includeServices: !v['no-services'],
      includeVat: !v['no-vat'],
      kinds,
    },
  };
  return prepared;
}
