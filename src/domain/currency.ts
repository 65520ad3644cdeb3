/**
 * `Валюта.Код` is the ISO 4217 numeric code as a string, e.g. "980" (the catalog Валюты keeps it in its Код).
 * Intl has no numeric→alphabetic table, so the currencies Ukrainian books meet are listed.
 */
const ISO_4217: Record<string, string> = {
  '980': 'UAH',
  '840': 'USD',
  '978': 'EUR',
  '826': 'GBP',
  '985': 'PLN',
  '756': 'CHF',
  '203': 'CZK',
  '348': 'HUF',
  '946': 'RON',
  '975': 'BGN',
  '208': 'DKK',
  '752': 'SEK',
  '578': 'NOK',
  '392': 'JPY',
  '156': 'CNY',
  '124': 'CAD',
  '036': 'AUD',
  '949': 'TRY',
  '498': 'MDL',
  '981': 'GEL',
  '933': 'BYN',
  '398': 'KZT',
  '643': 'RUB',
  '376': 'ILS',
  '784': 'AED',
};

export function currencyAlpha(code: string | null): string | null {
  if (code === null) return null;
  const trimmed = code.trim();
  if (/^[A-Z]{3}$/.test(trimmed)) return trimmed;
  return ISO_4217[trimmed.padStart(3, '0')] ?? null;
}
