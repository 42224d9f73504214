import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
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

/**
 * The lines of a text stream, as `readline` splits them (at "\n", "\r\n" or a lone "\r"; a last line
 * without a line break counts), a chunk's worth at a time: one promise per chunk of the file rather
 * than one per line.
 */
export async function* textLines(input: Readable): AsyncGenerator<string[]> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  const split = (text: string, final: boolean): string[] => {
    const lines: string[] = [];
    let start = 0;
    // Next "\n" and next "\r" at or after `start` (-1: none), found with indexOf rather than a loop.
    let newline = text.indexOf('\n');
    let carriage = text.indexOf('\r');
    for (;;) {
      if (newline !== -1 && newline < start) newline = text.indexOf('\n', start);
      if (carriage !== -1 && carriage < start) carriage = text.indexOf('\r', start);
      const end = carriage === -1 ? newline : newline === -1 ? carriage : Math.min(newline, carriage);
      if (end === -1) break;
      // A "\r" at the end of what has been read may be the first half of "\r\n": decide with the next chunk.
      if (end === carriage && end === text.length - 1 && !final) break;
      lines.push(text.slice(start, end));
      start = end === carriage && newline === end + 1 ? end + 2 : end + 1;
    }
    rest = text.slice(start);
    return lines;
  };
  for await (const chunk of input) {
    const lines = split(rest + (typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer)), false);
    if (lines.length > 0) yield lines;
  }
  const lines = split(rest + decoder.end(), true);
  if (rest !== '') lines.push(rest);
  if (lines.length > 0) yield lines;
}

async function* readJsonLines(input: Readable): AsyncGenerator<SourceItem> {
  let line = 0;
  for await (const texts of textLines(input))
    for (const text of texts) {
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
