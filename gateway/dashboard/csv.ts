import { downloadBlob } from './download';
/**
 * A text cell a spreadsheet would read as a formula (or as a command, DDE) starts with one of these:
 * OWASP's CSV-injection list, `=`, `+`, `-`, `@`, tab and carriage return.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A text cell made inert for spreadsheets: a leading apostrophe before a formula character, which
 * Excel, LibreOffice and Google Sheets show as text (OWASP CSV injection). Numbers stay numbers: a
 * value column holds only numbers, so it needs no quoting.
 */
export function neutralise(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** RFC 4180: a field with a comma, quote or line break is quoted; every field is neutralised first. */
function field(value: string | number | null): string {
  const text = neutralise(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export type CsvRow = readonly (string | number | null)[];

/** What a CSV says about itself, above the data: one `# name,value` line each. */
export interface CsvMetadata {
  title: string;
  source: string;
  protection: string;
  /** ISO 8601, UTC. */
  generatedAt: string;
  language: string;
  [name: string]: string;
}

/**
 * A CSV file: the metadata lines first (`# source,…`; `pandas.read_csv(comment='#')` and R's
 * `read.csv(comment.char='#')` skip them), then the header and the rows, CRLF line ends (RFC 4180).
 */
export function toCsv(metadata: CsvMetadata | null, header: CsvRow, rows: readonly CsvRow[]): string {
  const meta = Object.entries(metadata ?? {}).map(([name, value]) => [`# ${name}`, value]);
  return [...meta, header, ...rows].map((row) => row.map(field).join(',')).join('\r\n') + '\r\n';
}

/** Lets the browser save `text` as a CSV file. */
export function downloadCsv(fileName: string, text: string): void {
  downloadBlob(fileName, new Blob([text], { type: 'text/csv;charset=utf-8' }));
}
