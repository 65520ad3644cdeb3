import { AppError } from '../../errors/app-error.js';
import type { DialectSupport } from './dialect-support.js';

/** The error a write that the database could not take is answered with (503, retry): the storage fault when there is one (storage-fault.ts). */
export function unavailableError(support: DialectSupport, cause: unknown): AppError {
  return new AppError(support.storageFault(cause) ?? 'DATABASE_UNAVAILABLE', { cause });
}
