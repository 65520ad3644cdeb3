import { parseArgs } from 'node:util';
import { SecretBox } from '../auth/secret-box.js';
import { addSource, rotateSource } from '../auth/source-admin.js';
import { upsertSourceOData } from '../storage/repositories/reconciliations-repository.js';
import { ensureDefaultSource, findSource, listSources, setSourceStatus } from '../storage/repositories/sources-repository.js';
import { withDatabase } from './with-database.js';

const USAGE = `onec-sync source <subcommand>

  add --name "ТОВ Ромашка"     create a source; prints its secret and token ONCE
  list                         the sources and their status
  rotate <id> [--overlap-hours 24]
                               new secret and token; the old ones work for the overlap
  disable <id> | enable <id>   refuse (403) or accept a source's webhooks
  odata <id> --url <…/odata/standard.odata> [--user <name>]
                               where its 1C publishes OData (for reconcile); the password
                               from ONEC_SYNC_ODATA_PASSWORD or stdin, sealed, never shown`;

export async function sourceCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { name: { type: 'string' }, 'overlap-hours': { type: 'string' }, url: { type: 'string' }, user: { type: 'string' } },
  });
  const out = (s: string) => process.stdout.write(`${s}\n`);
  return withDatabase(async ({ db }, config) => {
    const now = new Date();
    switch (sub) {
      case 'add': {
        if (!values.name) break;
        const issued = await addSource(db, values.name, now, SecretBox.fromKey(config.secretKey));
        out(`Source ${issued.sourceId} created.`);
        out(`Webhook secret (Standard Webhooks): ${issued.secret}`);
        out(`Bearer token:                      ${issued.token}`);
        out('They are shown once and never again. Generate the 1C modules with:');
        out(`  npx onec-sync bsl --url https://<this-server> --source ${issued.sourceId} --out ./1c`);
        return 0;
      }
      case 'list': {
        await ensureDefaultSource(db, now.toISOString());
        for (const s of await listSources(db)) out(`${s.id}\t${s.status}\t${s.name}\tcreated ${s.created_at}`);
        return 0;
      }
      case 'rotate': {
        const id = positionals[0];
        if (!id) break;
        const hours = values['overlap-hours'] !== undefined ? Number(values['overlap-hours']) : config.rotationOverlapSeconds / 3600;
        if (!Number.isFinite(hours) || hours < 0) break;
        const issued = await rotateSource(db, id, hours * 3600, now, SecretBox.fromKey(config.secretKey));
        if (!issued) {
          process.stderr.write(`No source ${id}\n`);
          return 1;
        }
        out(`New webhook secret: ${issued.secret}`);
        out(`New bearer token:   ${issued.token}`);
        out(`The previous ones keep working for ${hours} h.`);
        return 0;
      }
      case 'odata': {
        const id = positionals[0];
        if (!id || !values.url) break;
        if (!(await findSource(db, id))) {
          process.stderr.write(`No source ${id}\n`);
          return 1;
        }
        const password = process.env.ONEC_SYNC_ODATA_PASSWORD ?? (process.stdin.isTTY ? '' : (await readStdin()).replace(/\r?\n$/, ''));
        const box = SecretBox.fromKey(config.secretKey);
        await upsertSourceOData(db, {
          source_id: id,
          url: values.url,
          username: values.user ?? null,
          password: password === '' ? null : box.seal(password),
          updated_at: now.toISOString(),
        });
        out(`Source ${id} reads 1C's OData at ${values.url}${values.user ? ` as ${values.user}` : ''}${box.enabled ? ' (password sealed)' : ''}.`);
        return 0;
      }
      case 'disable':
      case 'enable': {
        const id = positionals[0];
        if (!id) break;
        if (!(await setSourceStatus(db, id, sub === 'disable' ? 'disabled' : 'active', now.toISOString()))) {
          process.stderr.write(`No source ${id}\n`);
          return 1;
        }
        out(`Source ${id} ${sub === 'disable' ? 'disabled: its webhooks are refused with 403' : 'enabled'}.`);
        return 0;
      }
    }
    process.stderr.write(`${USAGE}\n`);
    return 2;
  });
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
