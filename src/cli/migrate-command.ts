import { withDatabase } from './with-database.js';

export async function migrateCommand(): Promise<number> {
  // Opening the database migrates it.
  const dialect = await withDatabase(async (storage) => storage.support.name);
  process.stdout.write(`Migrated ${dialect} database to the latest version.\n`);
  return 0;
}
