import type { ClientContent } from './client-content.js';
import { currencyAlpha } from './currency.js';
import { addDecimals, compareDecimals } from './decimal.js';
import type { InvoiceContent } from './invoice-content.js';
import { checkEdrpou, checkTaxId } from './tax-identifiers.js';
import type { Warning } from './warning.js';

/**
 * Checks that warn and never reject: a document that does not add up is still
 * the accountant's document. Prices in 1C may exclude VAT (СуммаВключаетНДС = Ложь): then
 * СуммаДокумента = Σ Сумма + Σ СуммаНДС, so either total is accepted.
 */
export function invoiceWarnings(content: InvoiceContent): Warning[] {
  const warnings: Warning[] = [];
  const amounts = content.positions.map((p) => p.amount ?? '0');
  if (content.total !== null && content.positions.length > 0) {
    const net = addDecimals(amounts);
    const gross = addDecimals([...amounts, ...content.positions.map((p) => p.vatAmount ?? '0')]);
    if (compareDecimals(net, content.total) !== 0 && compareDecimals(gross, content.total) !== 0) {
      warnings.push({
        code: 'SUM_MISMATCH',
        message: `Positions add up to ${net}, the document total is ${content.total}`,
        field: 'СуммаДокумента',
      });
    }
  }
  if (checkEdrpou(content.counterparty.edrpou) === 'invalid') {
    warnings.push({ code: 'EDRPOU_INVALID', message: `ЄДРПОУ ${content.counterparty.edrpou} fails its checksum`, field: 'ЄДРПОУ' });
  }
  if (checkTaxId(content.counterparty.taxId) === 'invalid') {
    warnings.push({ code: 'TAX_ID_INVALID', message: `ІПН ${content.counterparty.taxId} fails its checksum`, field: 'ИННКлиента' });
  }
  if (content.currencyCode !== null && content.currencyCode !== '' && currencyAlpha(content.currencyCode) === null) {
    warnings.push({ code: 'CURRENCY_UNKNOWN', message: `Unknown currency code ${content.currencyCode}`, field: 'КодВалюты' });
  }
  return warnings;
}

export function clientWarnings(content: ClientContent): Warning[] {
  const warnings: Warning[] = [];
  if (checkEdrpou(content.edrpou) === 'invalid') {
    warnings.push({ code: 'EDRPOU_INVALID', message: `ЄДРПОУ ${content.edrpou} fails its checksum`, field: 'ЄДРПОУ' });
  }
  if (checkTaxId(content.taxId) === 'invalid') {
    warnings.push({ code: 'TAX_ID_INVALID', message: `ІПН ${content.taxId} fails its checksum`, field: 'ИНН' });
  }
  return warnings;
}
