// The module the server writes at start from its own lists (src/web/web-plugin.ts,
// vocabularyModule): declared here for `tsc -p tsconfig.web.json`, never served (.ts).
export const EVENT_STATUSES: readonly string[];
export const ENDPOINT_NAMES: readonly string[];
export const OBJECT_KINDS: readonly string[];
export const RECONCILE_DIFFERENCES: readonly ('missing' | 'gone' | 'deletion-mark' | 'content' | 'unreadable')[];
