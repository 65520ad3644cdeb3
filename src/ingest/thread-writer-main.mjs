// Entry of the SQLite writer thread. The sources are TypeScript run through tsx, and a
// worker does not inherit a loader registered with register() in the main thread.
import { register } from 'tsx/esm/api';

register();
await import('./thread-writer-worker.ts');
