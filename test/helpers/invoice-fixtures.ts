import { writeOneCJson } from '../../src/bsl/one-c-json.js';
import { type InvoiceSpec, makePositions, totalOf } from '../../src/emulator/payload-builder.js';

/**
 * An invoice's content with the fixtures' defaults — supplier ТОВ «Ромашка» (ЄДРПОУ 32855961),
 * 3 June 2024, two positions and their total — any field replaced by `overrides` (the total
 * follows the positions unless given).
 */
export function receiptSpec(number: string, overrides: Partial<InvoiceSpec> = {}): InvoiceSpec {
  const positions = overrides.positions ?? makePositions(2, 5);
  return { number, date: '2024-06-03T11:00:00', counterparty: 'ТОВ «Ромашка»', edrpou: '32855961', total: totalOf(positions), ...overrides, positions };
}

/** A body in the bytes 1C writes: BOM, CR LF, tab indentation. */
export const oneCBytes = (body: Parameters<typeof writeOneCJson>[0]): Buffer => writeOneCJson(body, { bom: true });
