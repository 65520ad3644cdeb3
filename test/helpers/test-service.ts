import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyServerOptions } from 'fastify';
import { type Config, loadConfig } from '../../src/config/load-config.js';
import { createService, type Service } from '../../src/create-service.js';
import { createPostgresSchema, type DialectName } from './dialects.js';

/** The admin key every test service accepts (ONEC_SYNC_ADMIN_TOKEN). */
export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface TestService {
  service: Service;
  config: Config;
  baseUrl: string;
  databaseUrl: string;
  post(pathname: string, body: Buffer | string, headers?: Record<string, string>): Promise<{ status: number; json: any; headers: Headers }>;
  get(pathname: string, headers?: Record<string, string>): Promise<{ status: number; json: any; headers: Headers }>;
  close(): Promise<void>;
}

/** A fresh database of the given dialect: a temp SQLite file or a new PostgreSQL schema. */
export async function freshDatabaseUrl(dialect: DialectName): Promise<{ url: string; cleanup(): Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onec-sync-test-'));
    return { url: `sqlite:${path.join(dir, 'test.db')}`, cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const pgSchema = await createPostgresSchema();
  return { url: pgSchema.url, cleanup: () => pgSchema.drop() };
}

/**
 * The real service on a real socket (127.0.0.1, a free port), on a fresh database.
 * `env` overrides configuration exactly as the environment would.
 */
export async function startTestService(
  dialect: DialectName,
  env: Record<string, string> = {},
  options: {
    now?: () => Date;
    databaseUrl?: string;
    readerModules?: string[];
    logger?: FastifyServerOptions['logger'];
    /** Start a SQLite reader process at once, as production does (about a second of CPU under tsx: off unless a test needs it). */
    warmReader?: boolean;
  } = {},
): Promise<TestService> {
  const db = options.databaseUrl ? { url: options.databaseUrl, cleanup: async () => {} } : await freshDatabaseUrl(dialect);
  // The credential cache is off so a test sees its own changes at once; credential-settings.test.ts
  // passes ONEC_SYNC_AUTH_CACHE_SECONDS to run with the production cache.
  const config = loadConfig({
    ONEC_SYNC_ALLOW_UNSIGNED: 'true',
    ONEC_SYNC_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    ONEC_SYNC_AUTH_CACHE_SECONDS: '0',
    ...env,
    DATABASE_URL: db.url,
    LOG_LEVEL: 'silent',
  });
  const service = await createService(config, {
    now: options.now,
    readerModules: options.readerModules,
    logger: options.logger,
    warmReader: options.warmReader ?? false,
  });
  await service.app.listen({ port: 0, host: '127.0.0.1' });
  const address = service.app.server.address();
  const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const call = async (method: string, pathname: string, body?: Buffer | string, headers: Record<string, string> = {}) => {
    const res = await fetch(baseUrl + pathname, { method, body, headers });
    const text = await res.text();
    let json: unknown = text;
    try {
      json = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, json: json as any, headers: res.headers };
  };
  return {
    service,
    config,
    baseUrl,
    databaseUrl: db.url,
    post: (p, body, headers = { 'content-type': 'application/json', 'user-agent': '1C-Enterprise/8.3' }) => call('POST', p, body, headers),
    get: (p, headers = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` }) => call('GET', p, undefined, headers),
    async close() {
      await service.close();
      await db.cleanup();
    },
  };
}
