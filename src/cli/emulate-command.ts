import { parseArgs } from 'node:util';
import { WEBHOOK_RESULTS } from '../domain/event-outcomes.js';
import { WEBHOOK_PATH_PREFIX } from '../domain/kinds.js';
import { dayScenario, type ScenarioSize } from '../emulator/day-scenario.js';
import type { Protocol } from '../emulator/payload-builder.js';
import { emulateRuntimeCommand } from '../emulator/runtime-emulate.js';
import { type DeliveryOutcome, type SendSummary, sendDeliveries } from '../emulator/send-deliveries.js';
import { SENDER_OPTIONS } from '../emulator/sender-options.js';

const USAGE = `onec-sync emulate — send a 1C working day of webhooks to a running onec-sync

Usage: onec-sync emulate [--url http://localhost:8080] [--secret whsec_… | --token …]
                         [--scenario day] [--size day|small] [--protocol classic|v2]
                         [--seed N] [--concurrency N] [--quiet]

  --url          the service (default http://localhost:8080)
  --secret       a source's webhook secret: requests are signed (Standard Webhooks)
  --token        a source's bearer token, when no secret is given
  --scenario     what to send; "day" is a working day of clients, receipts, invoices,
                 edits, re-posting, deletion marks, deletions, retries and late deliveries
  --size         "day" (about 125 deliveries, default) or "small" (about 25)
  --protocol     classic: exactly what the classic modules send (no GUID, always "update",
                 a BOM, no credentials of their own);
                 v2: what our generated modules send (GUID, НомерСобытия, webhook-id)
                 default: v2 when --secret or --token is given, else classic
  --seed         the scenario's random seed (default: a new one, printed, so a run can be
                 repeated against a fresh database)
  --concurrency  parallel requests (default 1); one object's deliveries keep their order
  --quiet        only the summary
  --runtime      run the generated 1C modules themselves in the BSL runtime against the
                 service (see onec-sync emulate --runtime --help)

A default service refuses webhooks without credentials. For the classic protocol start it with
  ONEC_SYNC_ALLOW_UNSIGNED=true npm start
For v2 create a source and pass its secret:
  npx onec-sync source add --name demo
  npx onec-sync emulate --protocol v2 --secret whsec_…

Every answer is compared with what the receiver must answer; the exit code is 1 on any HTTP
error or mismatch. Run it against a fresh database: objects left by an earlier run with the
same seed (or, for the classic protocol, a client of the same name) answer differently.`;

const pad = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - [...text].length));

function line(outcome: DeliveryOutcome): string {
  const d = outcome.delivery;
  const answer = outcome.actual ?? (outcome.httpStatus === null ? 'no answer' : `HTTP ${outcome.httpStatus}`);
  const verdict = outcome.ok ? '' : `   ✗ expected ${d.expected}${outcome.error ? ` (${outcome.error})` : ''}`;
  return `${d.at.slice(11)}  ${pad(d.path.replace(WEBHOOK_PATH_PREFIX, ''), 18)} ${pad(d.action, 6)}  ${pad(d.number, 10)} ${pad(d.event, 13)} → ${answer}${verdict}`;
}

function table(title: string, rows: Array<[string, ...Array<string | number>]>): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => [...String(r[i])].length)));
  return [
    title,
    ...rows.map((r) => `  ${r.map((c, i) => (typeof c === 'number' ? String(c).padStart(widths[i]!) : pad(c, widths[i]!))).join('   ')}`.trimEnd()),
  ].join('\n');
}

function report(summary: SendSummary, total: number): string {
  const results: readonly string[] = WEBHOOK_RESULTS;
  const other = Object.keys(summary.byResult).filter((r) => !results.includes(r));
  const out = [
    table('Answers', [
      ['result', 'expected', 'actual'],
      ...[...results, ...other].map((r): [string, number, number] => [r, summary.expectedByResult[r] ?? 0, summary.byResult[r] ?? 0]),
    ]),
    table(
      'By endpoint',
      Object.entries(summary.byEndpoint).map(([path, counts]): [string, string] => [
        path,
        Object.entries(counts)
          .map(([r, n]) => `${r} ${n}`)
          .join(', '),
      ]),
    ),
    table('Objects the service should now hold', [
      ['kind', 'objects', 'deleted', 'versions'],
      ...Object.entries(summary.objects).map(([kind, list]): [string, number, number, number] => {
        return [kind, list.length, list.filter((o) => o.deleted).length, list.reduce((s, o) => s + o.version, 0)];
      }),
    ]),
    `Sent ${summary.sent} of ${total} in ${summary.durationMs} ms; HTTP errors ${summary.httpErrors.length}; mismatches ${summary.mismatches.length}.`,
  ];
  return out.join('\n\n');
}

export async function emulateCommand(args: string[]): Promise<number> {
  if (args.includes('--runtime')) return emulateRuntimeCommand(args.filter((a) => a !== '--runtime'));
  let values: ReturnType<typeof emulateOptions>;
  try {
    values = emulateOptions(args);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const protocol = (values.protocol ?? (values.secret || values.token ? 'v2' : 'classic')) as Protocol;
  const seed = values.seed !== undefined ? Number(values.seed) : Math.floor(Math.random() * 1_000_000);
  const concurrency = Number(values.concurrency);
  const problems = [
    values.scenario !== 'day' && `--scenario must be "day", got "${values.scenario}"`,
    protocol !== 'classic' && protocol !== 'v2' && `--protocol must be classic or v2, got "${values.protocol}"`,
    values.size !== 'day' && values.size !== 'small' && `--size must be day or small, got "${values.size}"`,
    !Number.isSafeInteger(seed) && `--seed must be an integer, got "${values.seed}"`,
    !(Number.isInteger(concurrency) && concurrency >= 1) && `--concurrency must be a positive integer, got "${values.concurrency}"`,
    values.secret !== undefined && !values.secret.startsWith('whsec_') && '--secret must look like whsec_<base64>',
  ].filter((p): p is string => typeof p === 'string');
  if (problems.length > 0) {
    process.stderr.write(`${problems.join('\n')}\n\n${USAGE}\n`);
    return 2;
  }

  const scenario = dayScenario({ seed, protocol, size: values.size as ScenarioSize });
  const out = (s: string) => process.stdout.write(`${s}\n`);
  const auth = values.secret ? 'signed (Standard Webhooks)' : values.token ? 'bearer token' : 'no credentials';
  out(`Emulating 1C (${protocol} protocol, ${auth}): a working day of ${scenario.day}, seed ${seed}, ${scenario.deliveries.length} deliveries → ${values.url}`);
  const summary = await sendDeliveries(scenario, {
    url: values.url!,
    secret: values.secret,
    token: values.token,
    concurrency,
    onResult: values.quiet ? undefined : (o) => out(line(o)),
  });
  out('');
  out(report(summary, scenario.deliveries.length));
  const first = summary.httpErrors[0];
  if (first?.status === null) out(`\nNothing answers at ${values.url} (${first.error}). Start the service: npm start`);
  else if (first?.status === 401) {
    out(`\nThe service refused the credentials (${first.error}). For the classic protocol start it with ONEC_SYNC_ALLOW_UNSIGNED=true;`);
    out('for v2 create a source (npx onec-sync source add --name demo) and pass --secret.');
  }
  if (summary.mismatches.length > 0 && values.quiet) {
    for (const m of summary.mismatches.slice(0, 20)) out(`  ✗ #${m.seq} ${m.objectKey} ${m.event}: expected ${m.expected}, got ${m.actual ?? 'an error'}`);
  }
  if (summary.httpErrors.length === 0 && summary.mismatches.length === 0) out(`All ${summary.sent} answers as expected.`);
  return summary.httpErrors.length > 0 || summary.mismatches.length > 0 || summary.sent < scenario.deliveries.length ? 1 : 0;
}

/** `emulate`'s options; parseArgs throws on an unknown one or a missing value. */
function emulateOptions(args: string[]) {
  return parseArgs({
    args,
    options: {
      ...SENDER_OPTIONS,
      scenario: { type: 'string', default: 'day' },
      protocol: { type: 'string' },
      concurrency: { type: 'string', default: '1' },
    },
  }).values;
}
