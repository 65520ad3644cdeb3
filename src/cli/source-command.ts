import { parseArgs } from 'node:util';
import { SecretBox } from '../auth/secret-box.js';
import { addSource, rotateSource } from '../auth/source-admin.js';
import { ensureDefaultSource, listSources, setSourceStatus } from '../storage/repositories/sources-repository.js';
import { withDatabase } from './with-database.js';

const USAGE = `onec-sync source <subcommand>

  add --name "ТОВ Ромашка"     create a source; prints its secret and token ONCE
  list                         the sources and their status
  rotate <id> [--overlap-hours 24]
                               new secret and token; the old ones work for the overlap
  disable <id> | enable <id>   refuse (403) or accept a source's webhooks`;

export async function sourceCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { name: { type: 'string' }, 'overlap-hours': { type: 'string' } },
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
