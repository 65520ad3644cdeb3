import type { Resolved } from './resolve-options.js';

/**
 * Which 1C:Enterprise 8.3 platforms the generated modules run on, in one place: both guides
 * print it and test/bsl/generated-platform.test.ts recomputes it from the platform catalogue's
 * version table over every line the modules execute.
 *
 * - The signature needs `БуферДвоичныхДанных` and the binary-data functions, which appeared in
 *   8.3.10.2168 (absent from 8.3.9.1818): that is the oldest platform the signed modules run on.
 * - No other name the modules execute has a known first version. The guides promise the same
 *   8.3.10.2168 for the token and no-auth variants rather than an older platform that nothing
 *   establishes (the catalogue describes about 8.3.19 and does not say when a name appeared).
 * - `Новый СертификатыУдостоверяющихЦентровОС` is executed only on the builds below, chosen at run
 *   time from `СистемнаяИнформация.ВерсияПриложения` (1C's standard subsystems create it only
 *   there); older platforms connect over TLS without verifying the server certificate.
 * - No buffer bitwise method (`ЗаписатьПобитовоеИсключительноеИли`, present in 8.3.23, absent in
 *   8.3.9, first version unknown) is used: the HMAC XORs byte by byte.
 */
export const MINIMUM_PLATFORM = '8.3.10.2168';

/** Builds from which the server certificate is verified against the OS store: 8.3.22.2470+, 8.3.23.2122+, 8.3.24.1446+, 8.3.25+. */
export const OS_CERTIFICATE_BUILDS: readonly string[] = ['8.3.22.2470', '8.3.23.2122', '8.3.24.1446', '8.3.25'];

/** Whether the guide must explain the two TLS paths (only https endpoints open a secure connection). */
export function usesTls(r: Resolved): boolean {
  return r.endpoint.secure;
}
