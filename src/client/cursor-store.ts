import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Where a feed follower keeps its position between runs. Save it where the ERP keeps
 * its own data — in the same transaction as the changes it applied, ideally — so the two
 * cannot disagree; these two are for the simple cases.
 */
export interface CursorStore {
  load(): Promise<string | null>;
  save(cursor: string): Promise<void>;
}

export class MemoryCursorStore implements CursorStore {
  constructor(private cursor: string | null = null) {}
  async load(): Promise<string | null> {
    return this.cursor;
  }
  async save(cursor: string): Promise<void> {
    this.cursor = cursor;
  }
}

/** A small file, replaced atomically (write, fsync, rename): a crash leaves the old or the new cursor, never half of one. */
export class FileCursorStore implements CursorStore {
  constructor(private readonly file: string) {}

  async load(): Promise<string | null> {
    try {
      return (await fs.readFile(this.file, 'utf8')).trim() || null;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async save(cursor: string): Promise<void> {
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    const handle = await fs.open(temporary, 'w');
    try {
      await handle.writeFile(cursor);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temporary, this.file);
  }
}
