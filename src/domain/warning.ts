/** What a warning can say: the document is kept, the operator is told (docs/errors.md). */
export const WARNING_CODES = ['SUM_MISMATCH', 'EDRPOU_INVALID', 'TAX_ID_INVALID', 'CURRENCY_UNKNOWN', 'DATE_INVALID'] as const;
export type WarningCode = (typeof WARNING_CODES)[number];

export interface Warning {
  code: WarningCode;
  message: string;
  field?: string;
}
