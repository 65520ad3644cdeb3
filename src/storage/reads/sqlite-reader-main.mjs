// Entry of a SQLite reader process run from the TypeScript sources: the child does not
// inherit the parent's tsx loader (the same as the writer thread's entry).
import { register } from 'tsx/esm/api';

register();
await import('./sqlite-reader-process.ts');
