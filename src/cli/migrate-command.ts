import { loadConfig } from '../config/load-config.js';
import { openDatabase } from '../storage/open-database.js';

export async function migrateCommand(): Promise<number> {
  const config = loadConfig();
  const storage = await openDatabase(config.databaseUrl, { preparedStatements: config.preparedStatements });
  await storage.close();
  process.stdout.write(`Migrated ${storage.support.name} database to the latest version.\n`);
  return 0;
}
