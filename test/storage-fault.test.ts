import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { postgresSupport } from '../src/storage/dialects/postgres-dialect.js';
import { sqliteSupport } from '../src/storage/dialects/sqlite-dialect.js';
import { unavailableError } from '../src/storage/dialects/unavailable-error.js';

/** An error as each driver raises it: pg's DatabaseError and better-sqlite3's SqliteError carry `code`. */
const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('storage faults, as each dialect reports them', () => {
  it('PostgreSQL: 53100 disk_full is STORAGE_FULL, 25006 read-only is STORAGE_READ_ONLY, the other 53xxx are DATABASE_UNAVAILABLE', () => {
    const cases: [string, string | undefined][] = [
      ['53100', 'STORAGE_FULL'],
      ['25006', 'STORAGE_READ_ONLY'],
      ['53000', 'DATABASE_UNAVAILABLE'],
      ['53200', 'DATABASE_UNAVAILABLE'],
      ['53300', 'DATABASE_UNAVAILABLE'],
      ['53400', 'DATABASE_UNAVAILABLE'],
      ['57P01', 'DATABASE_UNAVAILABLE'],
      ['08006', 'DATABASE_UNAVAILABLE'],
      ['23505', undefined],
      ['40P01', undefined],
    ];
    for (const [code, expected] of cases) {
      const error = withCode(code);
      const answered = postgresSupport.isUnavailable(error) ? unavailableError(postgresSupport, error) : undefined;
      assert.equal(answered?.code, expected, code);
      if (answered) assert.deepEqual([answered.status, answered.retry], [503, true], code);
    }
  });

  it('SQLite: SQLITE_FULL is STORAGE_FULL, SQLITE_READONLY_* are STORAGE_READ_ONLY, locks and I/O errors DATABASE_UNAVAILABLE', () => {
    const cases: [string, string | undefined][] = [
      ['SQLITE_FULL', 'STORAGE_FULL'],
      ['SQLITE_READONLY', 'STORAGE_READ_ONLY'],
      ['SQLITE_READONLY_DBMOVED', 'STORAGE_READ_ONLY'],
      ['SQLITE_READONLY_DIRECTORY', 'STORAGE_READ_ONLY'],
      ['SQLITE_BUSY', 'DATABASE_UNAVAILABLE'],
      ['SQLITE_IOERR_WRITE', 'DATABASE_UNAVAILABLE'],
      ['SQLITE_CONSTRAINT_UNIQUE', undefined],
      ['SQLITE_ERROR', undefined],
    ];
    for (const [code, expected] of cases) {
      const error = withCode(code);
      const answered = sqliteSupport.isUnavailable(error) ? unavailableError(sqliteSupport, error) : undefined;
      assert.equal(answered?.code, expected, code);
    }
  });
});
