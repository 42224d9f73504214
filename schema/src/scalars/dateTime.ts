import { GraphQLScalarType, Kind } from 'graphql';

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

function parseDateTime(value: unknown): Date {
  if (typeof value === 'string' && ISO_UTC.test(value)) {
    const date = new Date(value);
    if (!Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value.slice(0, 10)) return date;
  }
  throw new TypeError(
    `DateTime must be an ISO 8601 UTC timestamp such as "2025-03-01T12:00:00Z", got ${JSON.stringify(value)}.`,
  );
}

/** An instant, ISO 8601 in UTC ("2025-03-01T12:00:00.000Z"). Used on process records (referrals), never on victims. */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'An instant as an ISO 8601 UTC timestamp, e.g. "2025-03-01T12:00:00.000Z".',
  serialize(value) {
    const date = value instanceof Date ? value : parseDateTime(value);
    return date.toISOString();
  },
  parseValue: parseDateTime,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING)
      throw new TypeError(`DateTime must be a string, got a ${ast.kind} literal.`);
    return parseDateTime(ast.value);
  },
});
