import { parse } from 'lossless-json';

/**
 * A number as 1C wrote it in the JSON: its decimal text. 1C's numbers are decimals
 * (Число(15,2) sums, and wider ones: Число(38,10) is allowed); a double keeps 15–17
 * significant digits, so every number is kept as text and never passes through a float.
 */
export class ODataNumber {
  constructor(readonly text: string) {}
}

export type ODataValue = string | boolean | null | ODataNumber | ODataValue[] | { [key: string]: ODataValue };
export type ODataEntity = { [key: string]: ODataValue };

/** Parses an OData JSON body losslessly (numbers → ODataNumber). A BOM before it is dropped. */
export function parseODataJson(text: string): ODataValue {
  return parse(text.replace(/^\uFEFF/, ''), null, (n) => new ODataNumber(n)) as ODataValue;
}

/** A field's text: strings as they are, numbers as their decimal text, anything else null. */
export function textOf(value: ODataValue | undefined): string | null {
  if (typeof value === 'string') return value;
  if (value instanceof ODataNumber) return value.text;
  return null;
}
