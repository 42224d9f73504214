import type { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';
import { type CsvLayout, columnOf, csvLayout, csvRowToRecord, unknownColumns } from './csvCaseRecord';

/** One record read from the file, not yet validated, or the reason the line could not be read at all. */
export type SourceItem =
  | { line: number; raw: Record<string, unknown> }
  | { line: number; problem: { field: string; code: 'UNREADABLE_RECORD'; message: string; fix: string } };

export type SourceFormat = 'csv' | 'jsonl';

export function formatOf(file: string): SourceFormat | null {
  if (/\.csv$/i.test(file)) return 'csv';
  if (/\.(jsonl|ndjson)$/i.test(file)) return 'jsonl';
  return null;
}

/** How a record path is named in the file's own terms (a CSV column, or the JSON path). */
export function fieldInFile(format: SourceFormat, path: string): string {
  return format === 'csv' ? columnOf(path) : path;
}

/**
 * Streams the records of a file, one at a time, with the line each starts on: the file is never held in
 * memory, and the reader waits while the caller writes (back-pressure).
 */
export async function* readRecords(input: Readable, format: SourceFormat): AsyncGenerator<SourceItem> {
  if (format === 'jsonl') yield* readJsonLines(input);
  else yield* readCsv(input);
}

async function* readJsonLines(input: Readable): AsyncGenerator<SourceItem> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line += 1;
    if (text.trim() === '') continue;
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      yield {
        line,
        problem: {
          field: '(record)',
          code: 'UNREADABLE_RECORD',
          message: `line ${line} is not JSON (${(error as Error).message})`,
          fix: 'write one JSON object per line',
        },
      };
      continue;
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      yield {
        line,
        problem: {
          field: '(record)',
          code: 'UNREADABLE_RECORD',
          message: `line ${line} is not a JSON object`,
          fix: 'write one JSON object per line',
        },
      };
    else yield { line, raw: raw as Record<string, unknown> };
  }
}

async function* readCsv(input: Readable): AsyncGenerator<SourceItem> {
  let header: string[] = [];
  let layout: CsvLayout = new Map();
  const parser = input.pipe(
    parse({
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
      columns: (names: string[]) => {
        header = names.map((n) => n.trim());
        const unknown = unknownColumns(header);
        if (unknown.length > 0)
          throw new Error(
            `the header names column(s) the format does not have: ${unknown.join(', ')}; rename or remove them (docs/national-teams.md "Importing your cases")`,
          );
        layout = csvLayout(header);
        return header;
      },
    }),
  );
  for await (const { record, info } of parser as AsyncIterable<{
    record: Record<string, string>;
    info: { lines: number; invalid_field_length: number };
  }>) {
    const line = info.lines;
    if (Object.keys(record).length !== header.length) {
      yield {
        line,
        problem: {
          field: '(record)',
          code: 'UNREADABLE_RECORD',
          message: `line ${line} has ${Object.keys(record).length} cells; the header has ${header.length}`,
          fix: 'give every row as many cells as the header (empty cells for no value)',
        },
      };
      continue;
    }
    yield { line, raw: csvRowToRecord(record, layout) };
  }
}
