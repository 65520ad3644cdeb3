import { parseArgs } from 'node:util';
import { SecretBox } from '../auth/secret-box.js';
import { loadConfig } from '../config/load-config.js';
import { openDatabase } from '../storage/open-database.js';
import { currentSecret, findSource } from '../storage/repositories/sources-repository.js';
import { runBslCommand } from './bsl-command.js';

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
  if (typeof values.source === 'string' && !values.secret && !values.token && !values.help) {
    const config = loadConfig();
    const storage = await openDatabase(config.databaseUrl, { preparedStatements: config.preparedStatements });
    try {
      if (!(await findSource(storage.db, values.source))) {
        io.stderr(`No source ${values.source} in ${storage.support.name} database (onec-sync source list).\n`);
        return 1;
      }
      const stored = await currentSecret(storage.db, values.source, new Date().toISOString());
      const secret = stored === undefined ? undefined : SecretBox.fromKey(config.secretKey).open(stored);
      if (secret) {
        extra = ['--secret', secret];
        io.stderr(`Using the current webhook secret of source ${values.source} from the database.\n`);
      }
    } finally {
      await storage.close();
    }
  }
  return runBslCommand([...args, ...extra], io);
}
