import { AppError } from '../errors/app-error.js';

/** Opaque keyset cursors: base64url JSON of the last row's sort key and id. */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeCursor<T>(cursor: string | undefined, check: (value: unknown) => value is T): T | undefined {
  if (!cursor) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (check(value)) return value;
  } catch {
    // fall through
  }
  throw new AppError('INVALID_CURSOR');
}

export function isKeyCursor(value: unknown): value is { key: string | null; id: string } {
  const v = value as { key?: unknown; id?: unknown };
  return typeof v === 'object' && v !== null && typeof v.id === 'string' && (typeof v.key === 'string' || v.key === null);
}
