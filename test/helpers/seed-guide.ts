import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The original setup guide the seed BSL fixtures are compared with, verbatim. It is not part
 * of the repository: CI checks it out beside the clone; locally it may be absent.
 */
export const SEED_GUIDE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/seed/000_414eb5592e6dff56.txt');
