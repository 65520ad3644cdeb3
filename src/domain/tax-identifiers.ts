import { stdnum } from 'stdnum';

// stdnum's index type marks every country optional; Ukraine's validators are there.
const edrpou = stdnum.UA!.edrpou!;
const rntrc = stdnum.UA!.rntrc!;

/**
 * Ukrainian identifiers. A bad checksum is a warning on the document, never a
 * rejection (an accountant cannot fix a supplier's code in the middle of a posting, and refusing the
 * document would lose it). The checksum rules
 * (ЄДРПОУ weights 1..7 or 7,1..6, РНОКПП weights -1,5,7,9,4,6,10,5,7) are the ones
 * stdnum's ua.edrpou / ua.rntrc implement.
 */
export type IdentifierCheck = 'valid' | 'invalid' | 'empty';

export function checkEdrpou(code: string | null): IdentifierCheck {
  if (code === null || code.trim() === '') return 'empty';
  const trimmed = code.trim();
  // A 10-digit code in the ЄДРПОУ field is a person's РНОКПП (sole traders, ФОП).
  if (/^\d{10}$/.test(trimmed)) return checkTaxId(trimmed);
  return remembered(edrpouChecks, trimmed, () => (edrpou.validate(trimmed).isValid ? 'valid' : 'invalid'));
}

/** ІПН: a person's РНОКПП (10 digits) or a company's 12-digit VAT number (no checksum we can verify). */
export function checkTaxId(code: string | null): IdentifierCheck {
  if (code === null || code.trim() === '') return 'empty';
  const trimmed = code.trim();
  if (/^\d{12}$/.test(trimmed)) return 'valid';
  return remembered(taxIdChecks, trimmed, () => (rntrc.validate(trimmed).isValid ? 'valid' : 'invalid'));
}

/**
 * A base's documents name the same few hundred counterparties again and again, and
 * stdnum cleans every input's Unicode before it checks the digits — several µs per
 * webhook on the ingest path. A verdict depends on the code alone, so it is remembered;
 * the memo is emptied when full, which bounds it whatever a sender posts.
 */
const MEMO_LIMIT = 4096;
const edrpouChecks = new Map<string, IdentifierCheck>();
const taxIdChecks = new Map<string, IdentifierCheck>();

function remembered(memo: Map<string, IdentifierCheck>, code: string, check: () => IdentifierCheck): IdentifierCheck {
  let verdict = memo.get(code);
  if (verdict === undefined) {
    verdict = check();
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(code, verdict);
  }
  return verdict;
}
