import { GraphQLError } from 'graphql';
import { formatGlobalId, ownerOf, parseGlobalId, tryParseGlobalId } from '../../schema/src/globalId';
import { DateTimeScalar } from '../../schema/src/scalars/dateTime';
import { YearMonthScalar, isYearMonth } from '../../schema/src/scalars/yearMonth';
import { eurostatGroupOf } from '../../schema/src/codes/exploitation';
import { ageGroupOf } from '../../schema/src/codes/victim';

describe('global ids name their owner country', () => {
  it('round-trips a readable id and tells the gateway who owns it', () => {
    const id = formatGlobalId('FI', 'Case', '2025-000042');
    expect(id).toBe('FI:Case:2025-000042');
    expect(parseGlobalId(id)).toEqual({ country: 'FI', type: 'Case', local: '2025-000042' });
    expect(ownerOf('SE:Referral:2024-000001')).toBe('SE');
  });

  it.each(['FI-Case-1', 'XX:Case:1', 'FI:Victim:1', 'FI:Case:', 'FI:Case:a b', 'FI:Case:1:2', ''])(
    'refuses the malformed id %p with INVALID_GLOBAL_ID and an example of the right form',
    (bad) => {
      expect(tryParseGlobalId(bad)).toBeNull();
      try {
        parseGlobalId(bad);
        throw new Error('expected an error');
      } catch (error) {
        expect(error).toBeInstanceOf(GraphQLError);
        expect((error as GraphQLError).extensions.code).toBe('INVALID_GLOBAL_ID');
        expect((error as GraphQLError).message).toContain('e.g. "FI:Case:2025-000042"');
      }
    },
  );

  it('refuses an id of the wrong record type when a type is expected', () => {
    expect(() => parseGlobalId('FI:Referral:2024-000001', 'Case')).toThrow(/not a valid Case id/);
  });
});

describe('YearMonth and DateTime scalars', () => {
  it.each(['2024-01', '2024-12', '1999-07'])('accept %s', (value) => {
    expect(YearMonthScalar.parseValue(value)).toBe(value);
  });

  it.each(['2024-13', '2024-00', '2024-1', '24-01', '2024-01-15', 202401, null])(
    'refuse %p with a message showing the format',
    (value) => {
      expect(isYearMonth(value)).toBe(false);
      expect(() => YearMonthScalar.parseValue(value)).toThrow(/"YYYY-MM"/);
    },
  );

  it('DateTime accepts ISO 8601 UTC and refuses local or impossible dates', () => {
    expect((DateTimeScalar.parseValue('2025-03-01T12:00:00Z') as Date).toISOString()).toBe(
      '2025-03-01T12:00:00.000Z',
    );
    expect(() => DateTimeScalar.parseValue('2025-03-01 12:00')).toThrow(/ISO 8601/);
    expect(() => DateTimeScalar.parseValue('2025-02-30T00:00:00Z')).toThrow(/ISO 8601/);
    expect(DateTimeScalar.serialize(new Date(Date.UTC(2025, 0, 2)))).toBe('2025-01-02T00:00:00.000Z');
  });
});

describe('derived code lists', () => {
  it('rolls exploitation forms up to Eurostat groups (begging counts as OTHER, as Eurostat reports it)', () => {
    expect(eurostatGroupOf('SEXUAL_EXPLOITATION')).toBe('SEXUAL');
    expect(eurostatGroupOf('SERVITUDE')).toBe('FORCED_LABOUR_OR_SERVICES');
    expect(eurostatGroupOf('FORCED_BEGGING')).toBe('OTHER');
    expect(eurostatGroupOf('UNKNOWN')).toBe('UNKNOWN');
  });

  it('derives child or adult from the age band', () => {
    expect(ageGroupOf('A9_17')).toBe('CHILD');
    expect(ageGroupOf('A18_20')).toBe('ADULT');
    expect(ageGroupOf('UNKNOWN')).toBe('UNKNOWN');
  });
});

describe('roles', () => {
  it("the token verifier knows exactly the contract's roles", () => {
    // Kept as a plain list in subgraphs/common so the verifier does not load the whole contract.
    const { ROLES } = jest.requireActual('../../subgraphs/common/src/auth/principal');
    const { Role } = jest.requireActual('../../schema/src/codes/privacy');
    expect(ROLES).toEqual(Object.values(Role));
  });
});
