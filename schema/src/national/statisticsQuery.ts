import type { StatisticDimension } from '../codes';
import { ErrorCode, contractError } from '../errors';
import type { StatisticsArgs } from './inputs';
import type { StatisticsQuery } from './port';

export const MAX_YEAR_SPAN = 20;
export const MAX_BREAKDOWN_DIMENSIONS = 3;
const EARLIEST_YEAR = 2000;

/** Validates statistics arguments into the one shape every implementation computes. */
export function toStatisticsQuery(args: StatisticsArgs): StatisticsQuery {
  const latestYear = new Date().getUTCFullYear() + 1;
  const yearFrom = args.year;
  const yearTo = args.yearTo ?? args.year;
  for (const [name, value] of [
    ['year', yearFrom],
    ['yearTo', yearTo],
  ] as const) {
    if (value < EARLIEST_YEAR || value > latestYear) {
      throw contractError(
        ErrorCode.BAD_USER_INPUT,
        `${name} must be between ${EARLIEST_YEAR} and ${latestYear}, got ${value}.`,
        {
          argument: name,
        },
      );
    }
  }
  if (yearTo < yearFrom) {
    throw contractError(ErrorCode.BAD_USER_INPUT, `yearTo (${yearTo}) is before year (${yearFrom}).`, {
      argument: 'yearTo',
    });
  }
  if (yearTo - yearFrom + 1 > MAX_YEAR_SPAN) {
    throw contractError(
      ErrorCode.BAD_USER_INPUT,
      `A statistics range covers at most ${MAX_YEAR_SPAN} years.`,
      {
        argument: 'yearTo',
      },
    );
  }
  const requested = new Set<StatisticDimension>(args.groupBy ?? []);
  requested.delete('COUNTRY');
  if (yearTo > yearFrom) requested.add('YEAR');
  const breakdown = [...requested].filter((d) => d !== 'YEAR');
  if (breakdown.length > MAX_BREAKDOWN_DIMENSIONS) {
    throw contractError(
      ErrorCode.UNSUPPORTED_STATISTIC,
      `Group by at most ${MAX_BREAKDOWN_DIMENSIONS} dimensions besides COUNTRY and YEAR (got ${breakdown.join(', ')}); finer tables would be mostly suppressed.`,
      { argument: 'groupBy' },
    );
  }
  return { yearFrom, yearTo, measure: args.measure ?? 'REGISTERED_VICTIMS', groupBy: [...requested] };
}
