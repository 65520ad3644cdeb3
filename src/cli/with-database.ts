import { type Config, loadConfig } from '../config/load-config.js';
import { openDatabase, type StorageHandle } from '../storage/open-database.js';

/** Open the configured database (migrated) for one CLI command, and close it after. */
export async function withDatabase<T>(fn: (storage: StorageHandle, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const storage = await openDatabase(config.databaseUrl, { preparedStatements: config.preparedStatements });
  try {
    return await fn(storage, config);
  } finally {
    await storage.close();
  }
}
