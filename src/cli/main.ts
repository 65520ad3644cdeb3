/**
 * `onec-sync <command>`: the one command-line entry (bin/onec-sync.js loads this).
 * Each command lives in its own file and receives its arguments.
 */
import { ConfigError } from '../config/load-config.js';
import { KindDeclarationError } from '../kinds/load-declarations.js';
import { DatabaseOpenError } from '../storage/database-open-error.js';

const USAGE = `onec-sync — keeps an ERP in step with 1C:Enterprise / BAS

Usage: onec-sync <command> [options]

Commands:
  serve                 run the service (what \`npm start\` does)
  migrate               apply database migrations and exit
  prune --older-than 90d  remove journal bodies of requests that changed nothing, older than that
  backup --out <file>   a consistent copy of the SQLite database, while the service runs
  restore <file>        put a backup in place (--force to replace a database)
  source …              manage 1C sources (add, list, rotate, disable, enable)
  key …                 manage read-API keys (add, list, revoke)
  subscription …        push changes to an ERP (add, list, disable, enable, rotate-secret, remove)
  bsl …                 generate the 1C modules for a source
  bsl check <path>      check 1C modules (syntax, calls, platform API)
  emulate …             send a 1C working day of webhooks to a running service
  kinds draft …         a kind's declaration from a configuration dumped to files
  reconcile --source <id>  compare with 1C over OData (--repair to fix, --load for history, --since, --kinds)
  help                  this text

Configuration comes from the environment: PORT, HOST, DATABASE_URL, LOG_LEVEL,
ONEC_SYNC_TIMEZONE and more (see README.md, "Configuration"; running it: docs/operations.md).`;

type Command = (args: string[]) => Promise<number | undefined>;

const commands: Record<string, () => Promise<Command>> = {
  serve: async () => async () => {
    await (await import('../serve.js')).serve();
    return undefined;
  },
  migrate: async () => (await import('./migrate-command.js')).migrateCommand,
  prune: async () => (await import('./prune-command.js')).pruneCommand,
  backup: async () => (await import('./backup-command.js')).backupCommand,
  restore: async () => (await import('./backup-command.js')).restoreCommand,
  source: async () => (await import('./source-command.js')).sourceCommand,
  key: async () => (await import('./key-command.js')).keyCommand,
  subscription: async () => (await import('./subscription-command.js')).subscriptionCommand,
  bsl: async () => (await import('./bsl-cli.js')).bslCli,
  emulate: async () => (await import('./emulate-command.js')).emulateCommand,
  kinds: async () => (await import('./kinds-command.js')).kindsCommand,
  reconcile: async () => (await import('./reconcile-command.js')).reconcileCommand,
};

async function run(argv: string[]): Promise<number> {
  const [name = 'help', ...args] = argv;
  if (name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const load = commands[name];
  if (!load) {
    process.stderr.write(`Unknown command "${name}".\n\n${USAGE}\n`);
    return 2;
  }
  const command = await load();
  const code = await command(args);
  return typeof code === 'number' ? code : 0;
}

run(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0 || process.argv[2] !== 'serve') process.exitCode = code;
  },
  (error: unknown) => {
    // An option the command does not take (node:util parseArgs): a usage error, said in one line.
    if (String((error as { code?: unknown })?.code).startsWith('ERR_PARSE_ARGS_')) {
      process.stderr.write(`onec-sync ${process.argv[2]}: ${(error as Error).message}\nRun "onec-sync help" for the commands.\n`);
      process.exitCode = 2;
      return;
    }
    const message =
      error instanceof ConfigError
        ? `Configuration error: ${error.message}`
        : error instanceof DatabaseOpenError
          ? `Database error: ${error.message}`
          : error instanceof KindDeclarationError
            ? `Kind declaration error: ${error.message}`
            : ((error as Error)?.stack ?? String(error));
    process.stderr.write(`${message}\n`);
    process.exitCode = 1;
  },
);
