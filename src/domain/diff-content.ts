/**
 * Field-level differences between two versions of an object, for the history view:
 * `positions[3].quantity: "2" → "3"`. Plain recursive comparison of JSON values.
 */
export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

export function diffContent(before: unknown, after: unknown, path = ''): FieldChange[] {
  if (Object.is(before, after)) return [];
  const bothObjects = isObject(before) && isObject(after);
  const bothArrays = Array.isArray(before) && Array.isArray(after);
  if (bothArrays) {
    const out: FieldChange[] = [];
    for (let i = 0; i < Math.max(before.length, after.length); i++) out.push(...diffContent(before[i], after[i], `${path}[${i}]`));
    return out;
  }
  if (bothObjects) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    const out: FieldChange[] = [];
    for (const key of keys) out.push(...diffContent(before[key], after[key], path ? `${path}.${key}` : key));
    return out;
  }
  return [{ field: path, from: before ?? null, to: after ?? null }];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
