import { parseArgs } from 'node:util';
import { SecretBox } from '../auth/secret-box.js';
import { currentSecret, findSource } from '../storage/repositories/sources-repository.js';
import { runBslCommand } from './bsl-command.js';
import { withDatabase } from './with-database.js';

/**
 * `onec-sync bsl`, as the CLI runs it: when `--source` names a source and neither
 * `--secret` nor `--token` is given, the source's current webhook secret is read from the
 * database (secrets are kept for HMAC checking; tokens only as hashes, so a token must be
 * passed by hand).
 */
export async function bslCli(args: string[]): Promise<number> {
  const io = { stdout: (s: string) => process.stdout.write(s), stderr: (s: string) => process.stderr.write(s) };
  if (args[0] === 'check') return runBslCommand(args, io); // no database: `bsl check` reads files only
  let extra: string[] = [];
  const { values } = parseArgs({
    args,
    strict: false,
    options: { source: { type: 'string' }, secret: { type: 'string' }, token: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const source = values.source;
  if (typeof source === 'string' && !values.secret && !values.token && !values.help) {
    const found = await withDatabase(async (storage, config) => {
      if (!(await findSource(storage.db, source))) {
        io.stderr(`No source ${source} in ${storage.support.name} database (onec-sync source list).\n`);
        return false;
      }
      const stored = await currentSecret(storage.db, source, new Date().toISOString());
      const secret = stored === undefined ? undefined : SecretBox.fromKey(config.secretKey).open(stored);
      if (secret) {
        extra = ['--secret', secret];
        io.stderr(`Using the current webhook secret of source ${source} from the database.\n`);
      }
      return true;
    });
    if (!found) return 1;
  }
  return runBslCommand([...args, ...extra], io);
}
