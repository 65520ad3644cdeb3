/**
 * What an API key may do: `read` the API, `admin` (read and change: sources, keys,
 * subscriptions, replays), or only scrape `metrics`. One list, from which the database column,
 * the CLI's check and the code's type all derive.
 */
export const API_SCOPES = ['read', 'admin', 'metrics'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/** The scopes whose keys may read the API (`GET /api/v1/whoami` answers one of them). */
export const READ_SCOPES = ['read', 'admin'] as const satisfies readonly ApiScope[];

export function isApiScope(value: unknown): value is ApiScope {
  return (API_SCOPES as readonly unknown[]).includes(value);
}
