/**
 * RFC 4180 fields and records, with the separator given (`;` for the exports): quoted fields
 * may hold the separator, doubled quotes and line breaks. An independent reader of what the
 * service writes; it neither strips a BOM nor unwraps Excel's ="…" (the tests look at both).
 */
export function parseCsv(text: string, separator = ';'): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === separator) {
      record.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else if (ch === '\n') throw new Error(`a bare LF at ${i}: records end with CR LF`);
    else field += ch;
  }
  if (field !== '' || record.length > 0) throw new Error('the last record has no CR LF');
  return records;
}
