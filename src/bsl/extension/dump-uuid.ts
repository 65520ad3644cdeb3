import { createHash } from 'node:crypto';

/**
 * A uuid that is the same every time the same thing is generated (RFC 4122 version 5 layout
 * over SHA-1 of a seed). 1C matches an extension's objects by uuid when a newer dump is loaded
 * over an installed one: the same uuid is the same register, so its records stay; a new uuid
 * would be a new register and the queue would be dropped. Seeds name the extension and the
 * object (`onec_sync/InformationRegister.ОчередьОтправкиERP/Dimension.ИдентификаторСообщения`),
 * never the URL or the secret, so regenerating with a rotated secret keeps every uuid.
 */
export function dumpUuid(seed: string): string {
  const h = createHash('sha1').update(`onec-sync-extension:${seed}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}
