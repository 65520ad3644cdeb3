/**
 * The floors of src/, lowest first: a file may import files on its own floor or below, never
 * above (src/README.md says what each folder holds). A path is on the floor of the longest
 * prefix that names it; every file under src/ must be on one. Tests, benchmarks and these
 * scripts stand outside the building and may import any floor.
 */
export const FLOORS: readonly (readonly string[])[] = [
  ['src/config'],
  ['src/domain'],
  // Kinds as declarations: pure data and its checks, read by everything above.
  ['src/kinds'],
  // A dumped configuration's XML, read to draft declarations and to dump the extension.
  ['src/bsl/metadata'],
  ['src/kinds/draft-declaration.ts'],
  ['src/errors'],
  // A thin client of 1C's standard OData interface: HTTP and 1C's shapes, nothing of ours.
  ['src/odata'],
  ['src/storage'],
  ['src/metrics'],
  ['src/auth'],
  ['src/ingest'],
  // The 1C side: the platform catalogue, 1C's JSON bytes, the parser, the generator, the runtime.
  ['src/bsl/platform', 'src/bsl/one-c-json.ts'],
  ['src/bsl/parser'],
  ['src/bsl/generator'],
  ['src/bsl/extension'],
  ['src/bsl/runtime'],
  ['src/emulator'],
  // Comparing the store with 1C over OData, and repairing it through the ingest path.
  ['src/reconcile'],
  // The read API's shapes and presenters, shared by the client, the feed, deliveries and the routes.
  ['src/api'],
  ['src/client'],
  ['src/feed'],
  ['src/deliveries'],
  ['src/web'],
  ['src/http'],
  ['src/logger-options.ts', 'src/create-service.ts', 'src/serve.ts'],
  ['src/cli'],
];

/** Where import circles are looked for: everything that is compiled. */
export const GRAPH_FOLDERS = ['src', 'bench', 'test', 'bin', 'scripts'] as const;

/** Where dead exports are looked for. Tests are users: an export a test imports is alive. */
export const EXPORT_FOLDERS = ['src', 'bench'] as const;

/**
 * Files whose exports are an interface to the outside, alive without an importer here: the
 * package's client entry (package.json "exports") and the public faces of the BSL subsystems.
 */
export const PUBLIC_ENTRIES: readonly string[] = [
  'src/client/index.ts',
  'src/bsl/generator/index.ts',
  'src/bsl/parser/index.ts',
  'src/bsl/platform/index.ts',
  'src/bsl/runtime/index.ts',
  'src/bsl/runtime/query/index.ts',
];

/**
 * Dead exports in files that other work in progress is rewriting, left for it to remove
 * (file and name). The check fails when an entry here is no longer dead, so the list only shrinks.
 */
export const DEAD_EXPORTS_PENDING: readonly string[] = ['src/bsl/runtime/library/enums.ts isEnumValue', 'src/bsl/runtime/library/format.ts numberToString'];

/**
 * The code every webhook, journal row and feed entry runs through, where an object literal may
 * not open with a spread (leading-spreads.ts).
 */
export const HOT_PATHS: readonly string[] = [
  'src/ingest',
  'src/http/routes/webhook-routes.ts',
  'src/api/presenters',
  'src/feed',
  'src/deliveries',
  'src/storage/repositories/changes-repository.ts',
  'src/storage/repositories/events-repository.ts',
  'src/storage/repositories/versions-repository.ts',
  'src/storage/repositories/object-tables-repository.ts',
  'src/storage/repositories/shaped-statement.ts',
  'src/storage/repositories/counts-repository.ts',
];
