import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * Every storage test runs against every dialect. TEST_DIALECTS=sqlite (or
 * postgres) narrows the loop. PostgreSQL is at TEST_DATABASE_URL (default: the CI
 * machine's); locally it is skipped, loudly, when nothing answers there; in CI
 * (CI=true) an unreachable PostgreSQL fails the run instead.
 */
export type DialectName = 'sqlite' | 'postgres';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

let postgresProbe: Promise<string | null> | undefined;

/** null when PostgreSQL answers, else why not. */
export function postgresUnavailable(): Promise<string | null> {
  postgresProbe ??= (async () => {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 15_000 });
    try {
      await client.connect();
      await client.query('select 1');
      return null;
    } catch (error) {
      return (error as Error).message || String(error);
    } finally {
      await client.end().catch(() => {});
    }
  })();
  return postgresProbe;
}

/**
 * The dialects this run covers. TEST_DIALECTS narrows the loop for a quick local run; under
 * CI (CI=true) a narrowed list is an error, not a quieter run: production is PostgreSQL,
 * and a suite that silently stops running there proves nothing.
 */
export function selectedDialects(env: NodeJS.ProcessEnv = process.env): DialectName[] {
  const wanted = (env.TEST_DIALECTS ?? 'sqlite,postgres').split(',').map((s) => s.trim());
  const selected = (['sqlite', 'postgres'] as const).filter((d) => wanted.includes(d));
  if (env.CI === 'true' && selected.length < 2) {
    throw new Error(
      `CI runs every storage suite on SQLite and PostgreSQL; TEST_DIALECTS=${env.TEST_DIALECTS} would drop ${['sqlite', 'postgres'].filter((d) => !wanted.includes(d)).join(', ')}`,
    );
  }
  if (env === process.env && selected.length < 2 && !warnedNarrowed) {
    warnedNarrowed = true;
    const dropped = ['sqlite', 'postgres'].filter((d) => !wanted.includes(d)).join(', ');
    process.stderr.write(`\n*** TEST_DIALECTS=${env.TEST_DIALECTS}: the ${dropped} half of every storage suite is NOT run ***\n`);
  }
  return selected;
}
let warnedNarrowed = false;

/** `skip` option for node:test: a reason string when this dialect cannot run here. */
export async function skipReason(dialect: DialectName): Promise<string | false> {
  if (dialect === 'sqlite') return false;
  const why = await postgresUnavailable();
  if (why === null) return false;
  if (process.env.CI === 'true') throw new Error(`PostgreSQL is required in CI but ${TEST_DATABASE_URL} is unreachable: ${why}`);
  const reason = `PostgreSQL suite SKIPPED: nothing answers at ${TEST_DATABASE_URL} (${why})`;
  process.stderr.write(`\n*** ${reason} ***\n`);
  return reason;
}

/** A fresh, empty PostgreSQL schema for one suite; dropped by the returned function. */
export async function createPostgresSchema(): Promise<{ schema: string; url: string; drop(): Promise<void> }> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  await client.query(`create schema ${schema}`);
  await client.end();
  const url = new URL(TEST_DATABASE_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    schema,
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    },
  };
}
