import { parseArgs } from 'node:util';
import { addApiKey } from '../auth/source-admin.js';
import { isApiScope } from '../domain/api-scope.js';
import { listApiKeys, revokeApiKey } from '../storage/repositories/api-keys-repository.js';
import { withDatabase } from './with-database.js';

const USAGE = `onec-sync key <subcommand>

  add --scope read|admin|metrics [--name "ERP"]
                                          create an API key; prints it ONCE
                                          (metrics: reads /metrics only, for Prometheus)
  list                                    the keys (never their values)
  revoke <id>                             the key stops working`;

export async function keyCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { scope: { type: 'string' }, name: { type: 'string' } } });
  const out = (s: string) => process.stdout.write(`${s}\n`);
  return withDatabase(async ({ db }) => {
    const now = new Date();
    if (sub === 'add' && isApiScope(values.scope)) {
      const key = await addApiKey(db, values.name ?? `${values.scope} key`, values.scope, now);
      out(`API key ${key.id} (${key.scope}): ${key.key}`);
      out('It is shown once and never again. Use it as: Authorization: Bearer <key>');
      return 0;
    }
    if (sub === 'list') {
      for (const k of await listApiKeys(db)) out(`${k.id}\t${k.scope}\t${k.revoked_at ? `revoked ${k.revoked_at}` : 'active'}\t${k.name}`);
      return 0;
    }
    if (sub === 'revoke' && positionals[0]) {
      if (!(await revokeApiKey(db, positionals[0], now.toISOString()))) {
        process.stderr.write(`No active key ${positionals[0]}\n`);
        return 1;
      }
      out(`Key ${positionals[0]} revoked.`);
      return 0;
    }
    process.stderr.write(`${USAGE}\n`);
    return 2;
  });
}
