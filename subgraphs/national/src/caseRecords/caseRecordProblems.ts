import {
  AGE_BAND_YEARS,
  allCodeLists,
  isCountryCode,
  isOrganisationOf,
  isYearMonth,
  tryParseGlobalId,
} from '@nordic/schema';
import type { z } from 'zod';
import { type CaseRecord, caseContentsSchema, caseDeletionSchema } from './caseRecordSchema';

/**
 * Every problem of one case record, each naming its field and how to fix it (DOMAIN §2): first each
 * field alone (caseRecordSchema.ts), then the checks across fields, which look only at fields that are
 * well-formed so that one bad value gives one problem, not a cascade.
 */

/** Stable problem codes (documented in docs/national-teams.md). */
export const CaseRecordProblemCode = {
  /** A field the record must have is missing (or null). */
  REQUIRED: 'REQUIRED',
  /** A field the interchange format does not have (often a misspelt name). */
  UNKNOWN_FIELD: 'UNKNOWN_FIELD',
  /** A value that is not in the field's code list. */
  UNKNOWN_CODE: 'UNKNOWN_CODE',
  /** A country field whose value is not an ISO 3166-1 alpha-2 country code. */
  NOT_A_COUNTRY: 'NOT_A_COUNTRY',
  /** A value of the wrong type or form (a month not "YYYY-MM", a negative count, a foreign organisation…). */
  INVALID_VALUE: 'INVALID_VALUE',
  /** A month after the current month. */
  FUTURE_MONTH: 'FUTURE_MONTH',
  /** Values that contradict each other (a case closed before it was opened, a child age band but not a minor…). */
  INCONSISTENT: 'INCONSISTENT',
} as const;
export type CaseRecordProblemCode = (typeof CaseRecordProblemCode)[keyof typeof CaseRecordProblemCode];

export interface CaseRecordProblem {
  /** Path of the field in the record, e.g. `exploitations[0].country`. */
  field: string;
  code: CaseRecordProblemCode;
  message: string;
  fix: string;
}

export interface CaseRecordContext {
  /** The country whose store the record is written to. */
  country: string;
  /** The current month, "YYYY-MM": no month of a record may come after it. */
  today: string;
}

export type CaseRecordCheck = { record: CaseRecord } | { problems: CaseRecordProblem[] };

export function caseRecordProblems(raw: unknown, context: CaseRecordContext): CaseRecordCheck {
  const deletion = isObject(raw) && raw['deleted'] === true;
  const parsed = (deletion ? caseDeletionSchema : caseContentsSchema).safeParse(raw);
  const problems = parsed.success ? [] : parsed.error.issues.flatMap((issue) => fieldProblems(raw, issue));
  if (!deletion && isObject(raw)) problems.push(...crossFieldProblems(raw, context));
  if (problems.length > 0 || !parsed.success) return { problems };
  return { record: parsed.data };
}

/** A problem's field path as written in messages: `exploitations[0].country`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || '(record)';
}

const codeListByValues = new Map(allCodeLists().map((list) => [list.values.join('|'), list.name]));

function fieldProblems(raw: unknown, issue: z.core.$ZodIssue): CaseRecordProblem[] {
  const field = fieldPath(issue.path);
  const value = valueAt(raw, issue.path);
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      field: fieldPath([...issue.path, key]),
      code: CaseRecordProblemCode.UNKNOWN_FIELD,
      message: `${fieldPath([...issue.path, key])} is not a field of a case record.`,
      fix: 'remove it, or correct its name to one of the fields in the interchange format (docs/national-teams.md)',
    }));
  }
  if (value === undefined || (value === null && issue.code === 'invalid_type')) {
    return [
      {
        field,
        code: CaseRecordProblemCode.REQUIRED,
        message: `${field} is required.`,
        fix: `give ${field} a value${issue.code === 'invalid_value' ? ` (one of ${listOf(issue.values)})` : ''}`,
      },
    ];
  }
  if (issue.code === 'invalid_value') {
    const list = codeListByValues.get(issue.values.join('|'));
    if (list === 'CountryCode') {
      return [
        {
          field,
          code: CaseRecordProblemCode.NOT_A_COUNTRY,
          message: `${field} is ${JSON.stringify(value)}, which is not a country.`,
          fix: 'give an ISO 3166-1 alpha-2 country code in capitals, e.g. "FI", "RO", "NG"',
        },
      ];
    }
    return [
      {
        field,
        code: CaseRecordProblemCode.UNKNOWN_CODE,
        message: `${field} is ${JSON.stringify(value)}, which is not in the ${list ?? 'allowed'} code list.`,
        fix: `use one of ${listOf(issue.values)}`,
      },
    ];
  }
  return [
    {
      field,
      code: CaseRecordProblemCode.INVALID_VALUE,
      message: `${field} ${issue.code === 'custom' || issue.code === 'invalid_format' ? issue.message : `is not valid: ${issue.message}`}.`,
      fix: fixFor(issue),
    },
  ];
}

function fixFor(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `give ${issue.expected === 'array' ? 'a list' : `a ${issue.expected}`}`;
    case 'too_small':
      return issue.origin === 'array'
        ? `give at least ${String(issue.minimum)}`
        : issue.origin === 'string'
          ? 'give a non-empty value, or null when unknown'
          : `give a whole number of at least ${String(issue.minimum)}, or null when unknown`;
    case 'too_big':
      return `give at most ${String(issue.maximum)}${issue.origin === 'string' ? ' characters' : ''}`;
    default:
      return issue.message.startsWith('must ')
        ? issue.message.replace(/^must be/, 'give')
        : 'correct the value';
  }
}

function listOf(values: readonly unknown[]): string {
  const shown = values.slice(0, 20).map(String).join(', ');
  return values.length > 20 ? `${shown}, … (docs/national-teams.md lists them all)` : shown;
}

type Loose = Record<string, unknown>;

function isObject(value: unknown): value is Loose {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let here: unknown = raw;
  for (const key of path) {
    if (typeof here !== 'object' || here === null) return undefined;
    here = (here as Record<PropertyKey, unknown>)[key];
  }
  return here;
}

/** Months as ordinals (year × 12 + month − 1); null when the value is not a well-formed month. */
function ordinal(value: unknown): number | null {
  if (!isYearMonth(value)) return null;
  // "YYYY-MM" (isYearMonth): sliced rather than split, this runs for every month of every record.
  return Number(value.slice(0, 4)) * 12 + Number(value.slice(5, 7)) - 1;
}

function items(value: unknown): Loose[] {
  return Array.isArray(value) ? value.map((v) => (isObject(v) ? v : {})) : [];
}

const CLOSED_STATUSES = new Set(['CLOSED', 'CLOSED_REFERRED']);
const OPEN_STATUSES = new Set(['ACTIVE', 'FOLLOW_UP']);
const AGE_BANDS: Readonly<Record<string, readonly [number, number]>> = AGE_BAND_YEARS;

function bandOfAge(age: number): string {
  return Object.entries(AGE_BANDS).find(([, [low, high]]) => age >= low && age <= high)?.[0] ?? 'UNKNOWN';
}

/**
 * A month's ordinal (null when not a well-formed month), noting it when it is after the current month;
 * the field is `name`, or `name[index].member` for a month of a list's item.
 */
type MonthCheck = (value: unknown, name: string, index?: number, member?: string) => number | null;

function crossFieldProblems(r: Loose, context: CaseRecordContext): CaseRecordProblem[] {
  const problems: CaseRecordProblem[] = [];
  const inconsistent = (field: string, message: string, fix: string) =>
    problems.push({ field, code: CaseRecordProblemCode.INCONSISTENT, message, fix });
  const today = ordinal(context.today);
  // Months after this one, in the order the record lists them; field names are made only for a problem.
  const future: CaseRecordProblem[] = [];
  const month: MonthCheck = (value, name, index, member) => {
    const m = ordinal(value);
    if (today !== null && m !== null && m > today) {
      const field = index === undefined ? name : `${name}[${index}].${member ?? ''}`;
      future.push({
        field,
        code: CaseRecordProblemCode.FUTURE_MONTH,
        message: `${field} ${String(value)} is in the future (this month is ${context.today}).`,
        fix: `give a month no later than ${context.today}, or null when it is not known yet`,
      });
    }
    return m;
  };

  const opened = month(r['openedMonth'], 'openedMonth');
  const closed = month(r['closedMonth'], 'closedMonth');
  if (opened !== null && closed !== null && closed < opened) {
    inconsistent(
      'closedMonth',
      `closedMonth ${String(r['closedMonth'])} is before openedMonth ${String(r['openedMonth'])}.`,
      'give the month the case was closed, not earlier than the month it was opened',
    );
  }
  const status = r['status'];
  if (typeof status === 'string' && CLOSED_STATUSES.has(status) && r['closedMonth'] == null) {
    problems.push({
      field: 'closedMonth',
      code: CaseRecordProblemCode.REQUIRED,
      message: `a case with status ${status} needs closedMonth.`,
      fix: 'give the month the case was closed, or an open status (ACTIVE, FOLLOW_UP)',
    });
  }
  if (typeof status === 'string' && OPEN_STATUSES.has(status) && closed !== null) {
    inconsistent(
      'closedMonth',
      `a case with status ${status} is open but has closedMonth ${String(r['closedMonth'])}.`,
      'leave closedMonth null while the case is open, or give a closed status (CLOSED, CLOSED_REFERRED)',
    );
  }

  const identification = isObject(r['identification']) ? r['identification'] : {};
  const decided = month(identification['decidedMonth'], 'identification.decidedMonth');
  if (identification['status'] === 'POTENTIAL' && decided !== null) {
    inconsistent(
      'identification.decidedMonth',
      'a POTENTIAL victim has no identification decision, but decidedMonth is given.',
      'leave decidedMonth null, or give the status that was decided (PRESUMED, IDENTIFIED, NOT_A_VICTIM, DECLINED_IDENTIFICATION)',
    );
  }
  if (decided !== null && closed !== null && decided > closed) {
    inconsistent(
      'identification.decidedMonth',
      `identification.decidedMonth ${String(identification['decidedMonth'])} is after the case was closed (${String(r['closedMonth'])}).`,
      'give the month of the decision, no later than closedMonth',
    );
  }
  const reflectionEnds = ordinal(identification['reflectionPeriodEndsMonth']);
  if (decided !== null && reflectionEnds !== null && reflectionEnds < decided) {
    inconsistent(
      'identification.reflectionPeriodEndsMonth',
      `identification.reflectionPeriodEndsMonth ${String(identification['reflectionPeriodEndsMonth'])} is before decidedMonth ${String(identification['decidedMonth'])}.`,
      'give the month the reflection period ends, not earlier than the decision',
    );
  }

  const exploitations = items(r['exploitations']);
  exploitations.forEach((e, i) => {
    const at = `exploitations[${i}]`;
    const from = month(e['fromMonth'], 'exploitations', i, 'fromMonth');
    const to = month(e['toMonth'], 'exploitations', i, 'toMonth');
    if (from !== null && to !== null && to < from) {
      inconsistent(
        `${at}.toMonth`,
        `${at}.toMonth ${String(e['toMonth'])} is before its fromMonth ${String(e['fromMonth'])}.`,
        'give the month the exploitation ended, not earlier than the month it began',
      );
    }
    if (e['sexualType'] != null && typeof e['form'] === 'string' && e['form'] !== 'SEXUAL_EXPLOITATION') {
      inconsistent(
        `${at}.sexualType`,
        `${at}.sexualType is given, but ${at}.form is ${e['form']} (only sexual exploitation has a sexual type).`,
        'leave sexualType null, or give the form SEXUAL_EXPLOITATION',
      );
    }
  });
  items(r['events']).forEach((e, i) => {
    const at = `events[${i}]`;
    month(e['month'], 'events', i, 'month');
    const country = e['country'];
    const nuts2 = e['nuts2'];
    if (typeof nuts2 === 'string' && typeof country === 'string' && /^[A-Z]{2}/.test(nuts2)) {
      const prefix = country === 'GR' ? 'EL' : country;
      if (!nuts2.startsWith(prefix)) {
        inconsistent(
          `${at}.nuts2`,
          `${at}.nuts2 ${nuts2} is not a region of ${country} (its NUTS codes start with ${prefix}).`,
          `give a NUTS 2 region of ${country}, or correct the event's country`,
        );
      }
    }
  });
  items(r['indicators']).forEach((e, i) => month(e['month'], 'indicators', i, 'month'));
  items(r['assistance']).forEach((a, i) => {
    const at = `assistance[${i}]`;
    const start = month(a['startMonth'], 'assistance', i, 'startMonth');
    const end = month(a['endMonth'], 'assistance', i, 'endMonth');
    if (start !== null && end !== null && end < start) {
      inconsistent(
        `${at}.endMonth`,
        `${at}.endMonth ${String(a['endMonth'])} is before its startMonth ${String(a['startMonth'])}.`,
        'give the month the assistance ended, not earlier than the month it started',
      );
    }
    if ((a['status'] === 'PLANNED' || a['status'] === 'ACTIVE') && end !== null) {
      inconsistent(
        `${at}.endMonth`,
        `${at}.endMonth is given, but ${at}.status is ${a['status']}.`,
        'leave endMonth null while the assistance goes on, or give the status ENDED or DECLINED',
      );
    }
  });

  problems.push(...ageProblems(r, exploitations, opened, month), ...future);

  const citizenship = Array.isArray(r['citizenship']) ? r['citizenship'] : [];
  if (new Set(citizenship).size < citizenship.length) {
    problems.push({
      field: 'citizenship',
      code: CaseRecordProblemCode.INVALID_VALUE,
      message: 'citizenship lists a country twice.',
      fix: 'list each citizenship once',
    });
  }
  const responsible = r['responsibleOrgId'];
  if (typeof responsible === 'string' && !isOrganisationOf(responsible, context.country)) {
    problems.push({
      field: 'responsibleOrgId',
      code: CaseRecordProblemCode.INVALID_VALUE,
      message: `responsibleOrgId ${JSON.stringify(responsible)} is not an organisation of ${context.country}.`,
      fix: `give the global id of an organisation of ${context.country} in the network directory, e.g. "${context.country}:Organisation:…", or null`,
    });
  }
  const origin = r['originReferralId'];
  if (typeof origin === 'string') {
    const parsed = tryParseGlobalId(origin);
    if (parsed?.type !== 'Referral' || !isCountryCode(parsed.country) || parsed.country === context.country) {
      problems.push({
        field: 'originReferralId',
        code: CaseRecordProblemCode.INVALID_VALUE,
        message: `originReferralId ${JSON.stringify(origin)} is not the id of a referral from another country of the network.`,
        fix: 'give the global id of the foreign referral the case was opened from, e.g. "SE:Referral:2025-000012", or null',
      });
    }
  }
  return problems;
}

/** The age band against the minor flag, the birth month and the exploitation's months. */
function ageProblems(
  r: Loose,
  exploitations: Loose[],
  opened: number | null,
  month: MonthCheck,
): CaseRecordProblem[] {
  const problems: CaseRecordProblem[] = [];
  const band = typeof r['ageBand'] === 'string' ? AGE_BANDS[r['ageBand']] : undefined;
  const minor = r['minorAtExploitation'];
  const began = exploitations
    .map((e) => ordinal(e['fromMonth']))
    .filter((m): m is number => m !== null)
    .reduce<number | null>((a, b) => (a === null ? b : Math.min(a, b)), null);
  if (band && band[0] < 18 && minor === false) {
    problems.push({
      field: 'minorAtExploitation',
      code: CaseRecordProblemCode.INCONSISTENT,
      message: `ageBand ${String(r['ageBand'])} is a child's, but minorAtExploitation is false (a child when identified was a child when exploited).`,
      fix: 'set minorAtExploitation to true (or null), or correct ageBand',
    });
  }
  const identity = isObject(r['identity']) ? r['identity'] : null;
  const birth = identity ? month(identity['birthYearMonth'], 'identity.birthYearMonth') : null;
  // Without a birth month, the youngest the band allows at opening bounds the age when exploitation began.
  if (
    band &&
    birth === null &&
    minor === true &&
    opened !== null &&
    began !== null &&
    band[0] * 12 - (opened - began) >= 18 * 12
  ) {
    problems.push({
      field: 'minorAtExploitation',
      code: CaseRecordProblemCode.INCONSISTENT,
      message: `with ageBand ${String(r['ageBand'])} at opening (${String(r['openedMonth'])}) the person was at least 18 when the exploitation began, but minorAtExploitation is true.`,
      fix: 'correct minorAtExploitation, ageBand or the exploitation fromMonth',
    });
  }
  if (!identity) return problems;
  if (birth === null || opened === null) return problems;
  if (birth > opened) {
    problems.push({
      field: 'identity.birthYearMonth',
      code: CaseRecordProblemCode.INCONSISTENT,
      message: `identity.birthYearMonth ${String(identity['birthYearMonth'])} is after the case was opened (${String(r['openedMonth'])}).`,
      fix: 'correct the birth month or openedMonth',
    });
    return problems;
  }
  const age = Math.floor((opened - birth) / 12);
  if (band && (age < band[0] || age > band[1])) {
    problems.push({
      field: 'ageBand',
      code: CaseRecordProblemCode.INCONSISTENT,
      message: `ageBand ${String(r['ageBand'])} does not fit identity.birthYearMonth ${String(identity['birthYearMonth'])}: the person was ${age} when the case was opened (${String(r['openedMonth'])}).`,
      fix: `give ageBand ${bandOfAge(age)}, or correct the birth month`,
    });
  }
  if (began !== null && typeof minor === 'boolean') {
    const child = began - birth < 18 * 12;
    if (child !== minor) {
      problems.push({
        field: 'minorAtExploitation',
        code: CaseRecordProblemCode.INCONSISTENT,
        message: `minorAtExploitation is ${String(minor)}, but born ${String(identity['birthYearMonth'])} the person was ${Math.floor((began - birth) / 12)} when the exploitation began.`,
        fix: `set minorAtExploitation to ${String(child)}, or correct the birth month or the exploitation fromMonth`,
      });
    }
  }
  return problems;
}
