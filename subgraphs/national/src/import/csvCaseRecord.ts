/**
 * The flat CSV encoding of a case record (docs/national-teams.md "Importing your cases"): one row per
 * case; nested objects flatten to `parent_field` columns (`identification_status`); lists of objects to
 * numbered columns (`exploitation_1_form`, `exploitation_2_form`, …; the number is the position from 1);
 * code lists to one cell with the codes separated by `;` (`citizenship` = `SE;IQ`); an empty cell is
 * "no value". Column names are the record's field names in snake_case.
 */

type Kind = 'text' | 'number' | 'boolean' | 'list';

interface ObjectSpec {
  [field: string]:
    Kind | { object: ObjectSpec; nullable?: boolean } | { numbered: string; object: ObjectSpec };
}

const RECORD: ObjectSpec = {
  sourceReference: 'text',
  deleted: 'boolean',
  registeringOrgType: 'text',
  openedMonth: 'text',
  closedMonth: 'text',
  status: 'text',
  sex: 'text',
  ageBand: 'text',
  minorAtExploitation: 'boolean',
  citizenship: 'list',
  migrationStatus: 'text',
  recruiterRelationship: 'text',
  recruitmentMethods: 'list',
  accompaniedChildrenCount: 'number',
  languages: 'list',
  identification: {
    object: {
      status: 'text',
      decidedByOrgType: 'text',
      decidedMonth: 'text',
      reflectionPeriodEndsMonth: 'text',
    },
  },
  exploitations: {
    numbered: 'exploitation',
    object: {
      form: 'text',
      sexualType: 'text',
      industry: 'text',
      country: 'text',
      fromMonth: 'text',
      toMonth: 'text',
      meansOfControl: 'list',
      onlineFacilitated: 'boolean',
    },
  },
  events: { numbered: 'event', object: { type: 'text', country: 'text', nuts2: 'text', month: 'text' } },
  indicators: {
    numbered: 'indicator',
    object: { indicator: 'text', observedByOrgType: 'text', month: 'text' },
  },
  assistance: {
    numbered: 'assistance',
    object: { type: 'text', providerOrgType: 'text', status: 'text', startMonth: 'text', endMonth: 'text' },
  },
  perpetratorSummary: {
    nullable: true,
    object: {
      count: 'number',
      roles: 'list',
      legalPersonInvolved: 'boolean',
      criminalInvestigationOpened: 'boolean',
    },
  },
  legalBasisNational: 'text',
  safetyRiskLevel: 'text',
  identity: {
    nullable: true,
    object: {
      familyName: 'text',
      givenNames: 'text',
      birthYearMonth: 'text',
      nationalIdNumber: 'text',
      travelDocumentNumber: 'text',
    },
  },
  originReferralId: 'text',
  responsibleOrgId: 'text',
};

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const NUMBERED = /^(.*?)_(\d+)_(.*)$/;

function cellValue(kind: Kind, cell: string): unknown {
  const value = cell.trim();
  if (value === '') return kind === 'list' ? [] : null;
  switch (kind) {
    case 'list':
      return value
        .split(';')
        .map((v) => v.trim())
        .filter((v) => v !== '');
    case 'number':
      return /^-?\d+$/.test(value) ? Number(value) : value;
    case 'boolean':
      return value === 'true' ? true : value === 'false' ? false : value;
    default:
      return value;
  }
}

function isEmpty(value: unknown): boolean {
  return value === null || (Array.isArray(value) && value.length === 0);
}

/** Builds the object for `spec` from cells named `prefix<snake_field>`; null when every cell is empty. */
function readObject(
  spec: ObjectSpec,
  prefix: string,
  row: Record<string, string>,
  numbered: Map<string, Map<number, string>>,
): Record<string, unknown> | null {
  const out: Record<string, unknown> = {};
  let any = false;
  for (const [field, kind] of Object.entries(spec)) {
    const column = `${prefix}${snake(field)}`;
    if (typeof kind === 'string') {
      const cell = row[column];
      if (cell === undefined) continue;
      const value = cellValue(kind, cell);
      out[field] = value;
      if (!isEmpty(value)) any = true;
    } else if ('numbered' in kind) {
      const positions = [...(numbered.get(kind.numbered) ?? new Map<number, string>()).keys()].sort(
        (a, b) => a - b,
      );
      const items: unknown[] = [];
      for (const n of positions) {
        const item = readObject(kind.object, `${kind.numbered}_${n}_`, row, numbered);
        if (item !== null) items.push(item);
      }
      out[field] = items;
      if (items.length > 0) any = true;
    } else {
      const inner = readObject(kind.object, `${column}_`, row, numbered);
      out[field] = inner === null && kind.nullable ? null : (inner ?? {});
      if (inner !== null) any = true;
    }
  }
  return any ? out : null;
}

/** Columns that are not part of the encoding: the reader reports them instead of dropping them silently. */
export function unknownColumns(header: readonly string[]): string[] {
  const known = new Set(recordColumns(10));
  return header.filter((column) => {
    const match = NUMBERED.exec(column);
    return !known.has(match ? `${match[1]}_1_${match[3]}` : column);
  });
}

/** The numbered columns of a header, by list (`exploitation` → position → column): read once per file. */
export type CsvLayout = Map<string, Map<number, string>>;

export function csvLayout(header: readonly string[]): CsvLayout {
  const numbered: CsvLayout = new Map();
  for (const column of header) {
    const match = NUMBERED.exec(column);
    if (!match) continue;
    const positions = numbered.get(match[1] as string) ?? new Map<number, string>();
    positions.set(Number(match[2]), column);
    numbered.set(match[1] as string, positions);
  }
  return numbered;
}

/** Maps one CSV row (header → cell) to the record's JSON shape; the record is validated afterwards. */
export function csvRowToRecord(
  row: Record<string, string>,
  numbered: CsvLayout = csvLayout(Object.keys(row)),
): Record<string, unknown> {
  const record = readObject(RECORD, '', row, numbered) ?? {};
  // A deletion needs only its reference: drop the empty rest so that it is not validated as a case.
  if (record.deleted === true) return { sourceReference: record.sourceReference, deleted: true };
  // An empty cell is "none": the row is the whole record (an empty identity removes a stored one).
  if (record.deleted === null) delete record.deleted;
  if (record.sourceReference === null) delete record.sourceReference;
  return record;
}

/** Every column of the encoding with `items` numbered columns per list (for writing a template or a file). */
export function recordColumns(items: number): string[] {
  const columns: string[] = [];
  const walk = (spec: ObjectSpec, prefix: string) => {
    for (const [field, kind] of Object.entries(spec)) {
      if (typeof kind === 'string') columns.push(`${prefix}${snake(field)}`);
      else if ('numbered' in kind)
        for (let n = 1; n <= items; n++) walk(kind.object, `${kind.numbered}_${n}_`);
      else walk(kind.object, `${prefix}${snake(field)}_`);
    }
  };
  walk(RECORD, '');
  return columns;
}

/** The column name of a record path (`exploitations[0].form` → `exploitation_1_form`), for CSV reports. */
export function columnOf(path: string): string {
  return path
    .replace(
      /^(exploitations|events|indicators|assistance)\[(\d+)\]\.?/,
      (_, list: string, index: string) => {
        const singular = list === 'assistance' ? 'assistance' : list.slice(0, -1);
        return `${singular}_${Number(index) + 1}_`;
      },
    )
    .replace(/\[\d+\]$/, '')
    .split('.')
    .map(snake)
    .join('_');
}

/** One record as a CSV row in the flat encoding (lists of objects fill `items` numbered columns). */
export function recordToCsvCells(record: Record<string, unknown>, items: number): string[] {
  const cells: string[] = [];
  const cell = (kind: Kind, value: unknown): string => {
    if (value === null || value === undefined) return '';
    if (kind === 'list') return (value as string[]).join(';');
    return String(value);
  };
  const walk = (spec: ObjectSpec, value: Record<string, unknown> | null) => {
    for (const [field, kind] of Object.entries(spec)) {
      const v = value?.[field];
      if (typeof kind === 'string') cells.push(cell(kind, v));
      else if ('numbered' in kind) {
        const list = (v as Record<string, unknown>[] | undefined) ?? [];
        for (let n = 0; n < items; n++) walk(kind.object, list[n] ?? null);
      } else walk(kind.object, (v as Record<string, unknown> | null | undefined) ?? null);
    }
  };
  walk(RECORD, record);
  return cells;
}
