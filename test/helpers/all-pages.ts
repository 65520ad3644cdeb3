import assert from 'node:assert/strict';
import type { TestService } from './test-service.js';

/**
 * Every page of a read API list, two items at a time through its cursor (so a page
 * boundary falls between most neighbours), each item reduced by `pick`.
 */
export async function allPages<I, T>(t: TestService, list: string, query: string, pick: (item: I) => T): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const res = await t.get(`${list}?limit=2&${query}${cursor ? `&cursor=${cursor}` : ''}`);
    assert.equal(res.status, 200, `${list}?${query}: ${JSON.stringify(res.json)}`);
    items.push(...(res.json.items as I[]).map(pick));
    cursor = res.json.nextCursor;
  } while (cursor);
  return items;
}
