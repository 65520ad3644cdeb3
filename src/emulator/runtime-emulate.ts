/**
 * `onec-sync emulate --runtime`: the demo with the real 1C code. Generates the modules for the
 * given URL and credentials, installs them in a simulated base run by the BSL runtime, plays a
 * working day of accountants' edits through the base's objects (so the installed handlers queue
 * every change) and runs the scheduled job every few edits; only the job talks to the service.
 * Then the initial upload of the items the day's documents name (loaded by an exchange, never
 * queued) and a day of the declared kinds: items, contracts, sales, bank receipts and payments.
 * With --admin-token the result is compared with the service object by object, every kind.
 */
import { parseArgs } from 'node:util';
import type { Clock } from '../bsl/runtime/host-api.js';
import { compareDeclaredWithService } from './compare-declared-with-service.js';
import { compareWithService } from './compare-with-service.js';
import { runDeclaredDay } from './declared-day.js';
import { InstalledBase } from './installed-base.js';
import { runWorkingDay } from './runtime-day.js';
import { SENDER_OPTIONS } from './sender-options.js';

export const RUNTIME_USAGE = `onec-sync emulate --runtime — run the generated 1C modules in the BSL runtime against a service

Usage: onec-sync emulate --runtime --url http://localhost:8080 (--secret whsec_… | --token …)
                         [--source ID] [--install extension|direct] [--platform 8.3.24.1500]
                         [--size small|day] [--seed N] [--admin-token …] [--quiet]

  --secret / --token  the source's credentials, written into the generated common module
  --source            the source id the modules announce (default "demo")
  --install           how the handlers are installed: as an extension (default) or directly
  --platform          СистемнаяИнформация().ВерсияПриложения the modules see; e.g. 8.3.18.1208
                      takes the path for platforms without the OS certificate store
  --size, --seed      the working day: "small" (about 30 edits) or "day" (about 70, default)
  --admin-token       compare the service with the simulated base at the end (read API)

After the classic three kinds' day: the initial upload of the items, then a day of the
declared kinds (items, contracts, sales, bank receipts and payments) with references between them.
The day runs on the machine's clock (signatures carry the real time); the job runs every four edits.
Exit code 1 when records are left in the outbox or the service differs from the base.`;

/** The machine's clock; the day's pauses between edits are not waited for. */
class RealClock implements Clock {
  nowUtcMs(): number {
    return Date.now();
  }

  offsetMinutes(utcMs: number): number {
    return -new Date(utcMs).getTimezoneOffset();
  }

  advance(): void {}
}

export async function emulateRuntimeCommand(args: string[]): Promise<number> {
  let values: ReturnType<typeof runtimeEmulateOptions>;
  try {
    values = runtimeEmulateOptions(args);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${RUNTIME_USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${RUNTIME_USAGE}\n`);
    return 0;
  }
  const seed = values.seed !== undefined ? Number(values.seed) : Math.floor(Math.random() * 1_000_000);
  const problems = [
    !values.secret && !values.token && "give the source's --secret or --token: the generated modules always authenticate",
    values.secret !== undefined && !values.secret.startsWith('whsec_') && '--secret must look like whsec_<base64>',
    values.install !== 'extension' && values.install !== 'direct' && `--install must be extension or direct, got "${values.install}"`,
    values.size !== 'day' && values.size !== 'small' && `--size must be day or small, got "${values.size}"`,
    !/^8\.3\.\d+(\.\d+)?$/.test(values.platform!) && `--platform must look like 8.3.24.1500, got "${values.platform}"`,
    !Number.isSafeInteger(seed) && `--seed must be an integer, got "${values.seed}"`,
  ].filter((p): p is string => typeof p === 'string');
  if (problems.length > 0) {
    process.stderr.write(`${problems.join('\n')}\n\n${RUNTIME_USAGE}\n`);
    return 2;
  }

  const out = (s: string) => process.stdout.write(`${s}\n`);
  const clock = new RealClock();
  const ib = await InstalledBase.create({
    bsl: {
      url: values.url!,
      sourceId: values.source!,
      auth: values.secret ? { kind: 'secret', secret: values.secret } : { kind: 'token', token: values.token! },
    },
    style: values.install as 'extension' | 'direct',
    platformVersion: values.platform,
    clock,
  });
  out(
    `Running the generated modules (${values.install} install, platform ${values.platform}, ${values.secret ? 'signed' : 'bearer token'}) in the BSL runtime: a working day, seed ${seed} → ${values.url}`,
  );
  const started = Date.now();
  let logged = 0;
  const day = await runWorkingDay(ib, clock, {
    seed,
    size: values.size as 'small' | 'day',
    onJob: (run, queued) => {
      if (values.quiet) return;
      const entries = ib.runtime.eventLog.slice(logged);
      logged = ib.runtime.eventLog.length;
      out(`job run ${String(run).padStart(3)}: ${entries.map((e) => `[${e.level}] ${e.comment}`).join(' | ') || 'nothing to send'}; outbox ${queued}`);
    },
  });
  const uploaded = await ib.backfill('item');
  await ib.runJob();
  out(`initial upload of the items: ${uploaded} queued; outbox ${ib.queue().length}`);
  const declared = await runDeclaredDay(ib, clock, { seed });
  if (!values.quiet) {
    const entries = ib.runtime.eventLog.slice(logged);
    logged = ib.runtime.eventLog.length;
    const problems = entries.filter((e) => e.level !== 'Информация');
    out(
      `declared kinds (${declared.kinds.map((k) => k.kind).join(', ')}): ${declared.actions} edits, ${declared.jobRuns} job runs; ${problems.length} warnings or errors logged`,
    );
    for (const e of problems.slice(0, 10)) out(`  [${e.level}] ${e.comment}`);
  }
  const left = ib.queue().length;
  out('');
  out(
    `${day.actions + declared.actions} edits, ${day.jobRuns + declared.jobRuns} job runs, ${((Date.now() - started) / 1000).toFixed(1)} s; left in the outbox: ${left}.`,
  );
  for (const r of ib.queue().slice(0, 10)) out(`  ${String(r['Состояние'])} ${String(r['Ссылка'])}: ${String(r['ПоследняяОшибка'])}`);
  let differences: string[] = [];
  if (values['admin-token']) {
    const base = values.url!.replace(/\/+$/, '');
    const get = async (p: string) => {
      const res = await fetch(base + p, { headers: { authorization: `Bearer ${values['admin-token']}` } });
      return res.json();
    };
    differences = [
      ...(await compareWithService(ib, get, values.source!, day.deleted)),
      ...(await compareDeclaredWithService(ib, get, values.source!, declared.deleted)),
    ];
    out(differences.length === 0 ? 'The service holds exactly what the base holds.' : `The service differs from the base in ${differences.length} places:`);
    for (const d of differences.slice(0, 30)) out(`  ✗ ${d}`);
  }
  return left > 0 || differences.length > 0 ? 1 : 0;
}

/** `emulate --runtime`'s options; parseArgs throws on an unknown one or a missing value. */
function runtimeEmulateOptions(args: string[]) {
  return parseArgs({
    args,
    options: {
      ...SENDER_OPTIONS,
      source: { type: 'string', default: 'demo' },
      install: { type: 'string', default: 'extension' },
      platform: { type: 'string', default: '8.3.24.1500' },
      'admin-token': { type: 'string' },
    },
  }).values;
}
