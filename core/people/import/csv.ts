/**
 * RFC 4180 CSV: fields separated by commas (or the delimiter given), quoted
 * fields may hold commas, line breaks and doubled quotes; CRLF, LF or CR end a
 * record. Pure; takes already-decoded text. Also reports the line each record
 * starts on, which equals the Excel row number when no field spans lines.
 */

export interface CsvRecord {
  fields: string[];
  /** 1-based physical line the record starts on. */
  line: number;
}

export class CsvError extends Error {
  override name = 'CsvError';
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

export function parseCsv(text: string, delimiter = ','): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let fieldStarted = false;
  let line = 1;
  let recordLine = 1;
  let quoteLine = 1;
  const n = text.length;
  const endField = () => {
    fields.push(field);
    field = '';
    fieldStarted = false;
  };
  const endRecord = () => {
    endField();
    records.push({ fields, line: recordLine });
    fields = [];
  };
  for (let i = 0; i < n; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && !fieldStarted && field === '') {
      quoted = true;
      fieldStarted = true;
      quoteLine = line;
    } else if (ch === delimiter) {
      endField();
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      // Lenient: a stray quote inside an unquoted field is kept as text, as Excel does.
      field += ch;
      fieldStarted = true;
    }
  }
  if (quoted) throw new CsvError(`unterminated quoted field starting on line ${quoteLine}`, quoteLine);
  if (field !== '' || fieldStarted || fields.length > 0) endRecord();
  return records;
}

/** Guess the delimiter from the first line: comma, semicolon (European Excel) or tab. */
export function sniffDelimiter(text: string): string {
  const first = text.slice(0, text.search(/\r|\n/) === -1 ? text.length : text.search(/\r|\n/));
  const count = (d: string) => first.split(d).length - 1;
  const best = [',', '\t', ';'].map((d) => [d, count(d)] as const).sort((a, b) => b[1] - a[1])[0]!;
  return best[1] > 0 ? best[0] : ',';
}
