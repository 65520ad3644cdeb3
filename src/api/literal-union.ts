import { type SchemaOptions, type TLiteral, type TUnion, type TUnsafe, Type } from '@sinclair/typebox';

/**
 * A TypeBox union of the literals of a closed set defined once as an `as const` array, so the
 * schema, the OpenAPI `enum` and the TypeScript type cannot drift from the list.
 */
export function literalUnion<const T extends readonly [string, ...string[]]>(
  values: T,
  options?: SchemaOptions,
): TUnion<{ -readonly [K in keyof T]: TLiteral<T[K]> }> {
  return Type.Union(
    values.map((v) => Type.Literal(v)),
    options,
  ) as TUnion<{ -readonly [K in keyof T]: TLiteral<T[K]> }>;
}

/**
 * The same closed set as a plain string `enum` (`Type.Unsafe`), for response shapes: the
 * serialiser writes it as a string, where a union makes it try each branch per value.
 */
export function stringEnum<const T extends readonly string[]>(values: T, options: SchemaOptions = {}): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}

/** `stringEnum` or null, as OpenAPI 3.0 spells it (`nullable: true`). */
export function nullableStringEnum<const T extends readonly string[]>(values: T, options: SchemaOptions = {}): TUnsafe<T[number] | null> {
  return Type.Unsafe<T[number] | null>({ type: 'string', enum: [...values, null], nullable: true, ...options });
}
