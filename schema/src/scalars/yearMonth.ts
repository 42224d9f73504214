import { GraphQLScalarType, Kind } from 'graphql';

const YEAR_MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** True for "2024-05"-style strings with a real month (01–12) and a year 1900–2999. */
export function isYearMonth(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = YEAR_MONTH.exec(value);
  return match !== null && Number(match[1]) >= 1900 && Number(match[1]) <= 2999;
}

function parseYearMonth(value: unknown): string {
  if (!isYearMonth(value)) {
    throw new TypeError(
      `YearMonth must be a year and month written as "YYYY-MM" (e.g. "2024-05"), got ${JSON.stringify(value)}.`,
    );
  }
  return value;
}

/**
 * A calendar month, "YYYY-MM". Across borders time is never finer than a month (DOMAIN §2),
 * so this is the only date type on person-level data.
 */
export const YearMonthScalar = new GraphQLScalarType<string, string>({
  name: 'YearMonth',
  description:
    'A calendar month written "YYYY-MM" (e.g. "2024-05"); the finest time granularity that crosses a border.',
  serialize: parseYearMonth,
  parseValue: parseYearMonth,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) {
      throw new TypeError(`YearMonth must be a string "YYYY-MM", got a ${ast.kind} literal.`);
    }
    return parseYearMonth(ast.value);
  },
});
