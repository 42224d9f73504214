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

/** Lets the browser save `text` as a file (no server round trip: the data is what the page shows). */
export function downloadCsv(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}
