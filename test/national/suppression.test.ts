import { join } from 'node:path';
import {
  type DimensionValue,
  suppressComplementary,
} from '../../subgraphs/national/src/statistics/suppressComplementaryCells';
import { type Cell, suppressSmallCell } from '../../subgraphs/national/src/statistics/suppressSmallCells';
import { tokenFor } from '../support/auth';
import { postGraphql } from '../support/graphql';
import { lines, unprotectedLines } from '../support/tableLines';
import { type RunningProcess, startNational, tempDir } from '../support/services';

interface TestCell extends Cell {
  key: DimensionValue[];
}

/** A cell as the store builds it: the count, after primary suppression at `threshold`. */
function cell(key: DimensionValue[], count: number, threshold = 5): TestCell {
  return { key, ...suppressSmallCell(count, threshold) };
}

/** A table from rows of counts (undefined: the combination is absent, a zero). */
function table2d(rows: string[], columns: string[], counts: (number | undefined)[][]): TestCell[] {
  const cells: TestCell[] = [];
  rows.forEach((row, r) =>
    columns.forEach((column, c) => {
      const count = counts[r]![c];
      if (count !== undefined) cells.push(cell([row, column], count));
    }),
  );
  return cells;
}

function secure(cells: readonly TestCell[]): TestCell[] {
  return suppressComplementary(cells, (c) => c.key);
}

/** The keys of the cells hidden for `reason`, joined with '/', in the given order. */
function keysWith(cells: readonly TestCell[], reason: string): string[] {
  return cells.filter((c) => c.suppression === reason).map((c) => c.key.join('/'));
}

/** mulberry32: a small seeded PRNG, so the random tables are the same on every run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('secondary (complementary) suppression, as a pure function', () => {
  it('hides the complements of a small cell in its row and its column, and the cell closing the rectangle', () => {
    const cells = table2d(
      ['A', 'B', 'C'],
      ['x', 'y', 'z'],
      [
        [3, 10, 8],
        [12, 6, 20],
        [9, 15, 7],
      ],
    );
    const result = secure(cells);
    expect(keysWith(result, 'PRIMARY_SMALL_CELL')).toEqual(['A/x']);
    // Row A: A/z (8 < 10). Column x: C/x (9 < 12). Column z then holds only A/z: C/z (7 < 20).
    expect(keysWith(result, 'SECONDARY_COMPLEMENTARY')).toEqual(['A/z', 'C/x', 'C/z']);
    for (const c of result.filter((c) => c.suppression === 'SECONDARY_COMPLEMENTARY'))
      expect(c).toMatchObject({ value: null, suppressed: true });
    // Everything else as given, in the same order.
    expect(result.map((c) => c.key)).toEqual(cells.map((c) => c.key));
    expect(result.filter((c) => !c.suppressed)).toEqual(
      cells.filter((c) => !['A/x', 'A/z', 'C/x', 'C/z'].includes(c.key.join('/'))),
    );
  });

  it('cascades: a complement that leaves a crossing line with one hidden cell gets its own complement', () => {
    const result = secure(
      table2d(
        ['A', 'B', 'C'],
        ['x', 'y', 'z'],
        [
          [2, 8, 30],
          [6, 40, 7],
          [50, 9, 11],
        ],
      ),
    );
    // A/x → B/x (column x) and A/y (row A); B/x → B/z (row B); A/y → C/y (column y); B/z → C/z
    // (column z), which also gives row C its second hidden cell: a cycle of six hidden cells.
    expect(keysWith(result, 'SECONDARY_COMPLEMENTARY').sort()).toEqual(['A/y', 'B/x', 'B/z', 'C/y', 'C/z']);
    expect(unprotectedLines(result, (c) => c.key)).toEqual([]);
  });

  it('protects a three-dimensional table along every dimension', () => {
    const counts: Record<string, number> = {
      'F/ADULT/LABOUR': 3,
      'F/ADULT/OTHER': 12,
      'F/ADULT/SEXUAL': 40,
      'F/CHILD/LABOUR': 8,
      'F/CHILD/OTHER': 6,
      'F/CHILD/SEXUAL': 15,
      'M/ADULT/LABOUR': 20,
      'M/ADULT/OTHER': 9,
      'M/ADULT/SEXUAL': 25,
      'M/CHILD/LABOUR': 11,
      'M/CHILD/OTHER': 7,
      'M/CHILD/SEXUAL': 30,
    };
    const result = secure(Object.entries(counts).map(([key, n]) => cell(key.split('/'), n)));
    // Lines along sex and along age have two cells, so the small cell hides all of LABOUR; along the
    // exploitation group the smallest other cell is OTHER in every line, which then hides all of OTHER.
    expect(keysWith(result, 'PRIMARY_SMALL_CELL')).toEqual(['F/ADULT/LABOUR']);
    expect(keysWith(result, 'SECONDARY_COMPLEMENTARY')).toEqual([
      'F/ADULT/OTHER',
      'F/CHILD/LABOUR',
      'F/CHILD/OTHER',
      'M/ADULT/LABOUR',
      'M/ADULT/OTHER',
      'M/CHILD/LABOUR',
      'M/CHILD/OTHER',
    ]);
    expect(result.filter((c) => !c.suppressed).map((c) => c.key[2])).toEqual([
      'SEXUAL',
      'SEXUAL',
      'SEXUAL',
      'SEXUAL',
    ]);
    expect(unprotectedLines(result, (c) => c.key)).toEqual([]);
  });

  it('breaks ties by the dimension values, whatever the order of the rows', () => {
    const cells = [cell(['LABOUR'], 2), cell(['SEXUAL'], 7), cell(['OTHER'], 7), cell(['UNKNOWN'], 9)];
    expect(keysWith(secure(cells), 'SECONDARY_COMPLEMENTARY')).toEqual(['OTHER']);
    expect(keysWith(secure([...cells].reverse()), 'SECONDARY_COMPLEMENTARY')).toEqual(['OTHER']);
    // Years compare as numbers, "none" (null) comes first.
    const years = [cell([2020, 'F'], 6), cell([2019, 'F'], 6), cell([2021, 'F'], 1)];
    expect(keysWith(secure(years), 'SECONDARY_COMPLEMENTARY')).toEqual(['2019/F']);
    const withNone = [cell(['F', 'SEXUAL'], 6), cell(['F', null], 6), cell(['F', 'LABOUR'], 4)];
    expect(secure(withNone).map((c) => c.suppression)).toEqual([
      null,
      'SECONDARY_COMPLEMENTARY',
      'PRIMARY_SMALL_CELL',
    ]);
  });

  it('hides nothing needlessly: lines with no or with several hidden cells stay as they are', () => {
    const noSmallCell = table2d(
      ['A', 'B'],
      ['x', 'y', 'z'],
      [
        [5, 10, 8],
        [12, 6, 20],
      ],
    );
    expect(secure(noSmallCell)).toEqual(noSmallCell);
    // A 2 × 2 block of small cells: every line through it already holds two hidden cells.
    const block = table2d(
      ['A', 'B', 'C'],
      ['x', 'y', 'z'],
      [
        [1, 4, 8],
        [2, 3, 20],
        [9, 15, 7],
      ],
    );
    expect(secure(block)).toEqual(block);
    // A small cell alone in a line (the other combinations are zeros, absent) cannot be protected
    // there: nothing is hidden for that line, only for its crossing line.
    const alone = table2d(
      ['A', 'B'],
      ['x', 'y'],
      [
        [3, 10],
        [undefined, 20],
      ],
    );
    expect(keysWith(secure(alone), 'SECONDARY_COMPLEMENTARY')).toEqual(['A/y', 'B/y']);
    // A zero (an empty year) is never taken as the complement.
    const years = [cell([2019], 0), cell([2020], 3), cell([2021], 12)];
    expect(secure(years).map((c) => c.value)).toEqual([0, null, null]);
    expect(secure([cell([2019], 0), cell([2020], 3)])).toEqual([cell([2019], 0), cell([2020], 3)]);
  });

  it('prefers a complement that is not alone in one of its lines (its line total would publish it)', () => {
    // A/z is the only cell of column z: the coarser query by row shows its value, so hiding it would
    // not hide anything; A/y (9) is taken instead of A/z (6).
    const result = secure(
      table2d(
        ['A', 'B'],
        ['x', 'y', 'z'],
        [
          [2, 9, 6],
          [7, 30, undefined],
        ],
      ),
    );
    expect(keysWith(result, 'SECONDARY_COMPLEMENTARY').sort()).toEqual(['A/y', 'B/x', 'B/y']);
  });

  it('leaves no line with a single hidden cell in a few hundred random tables', () => {
    const random = mulberry32(20251129);
    const pick = (n: number) => Math.floor(random() * n);
    let secondaryTotal = 0;
    for (let t = 0; t < 400; t++) {
      const threshold = 2 + pick(9);
      const sizes = Array.from({ length: 1 + pick(4) }, () => 1 + pick(5));
      const cells: TestCell[] = [];
      const visit = (prefix: DimensionValue[]) => {
        if (prefix.length === sizes.length) {
          const draw = random();
          if (draw < 0.25) return; // absent: a zero combination
          const count = draw < 0.3 ? 0 : draw < 0.55 ? 1 + pick(threshold - 1) : threshold + pick(40);
          cells.push(cell(prefix, count, threshold));
          return;
        }
        for (let v = 0; v < sizes[prefix.length]!; v++)
          visit([...prefix, v === 0 && random() < 0.2 ? null : v]);
      };
      visit([]);

      const result = secure(cells);
      expect(unprotectedLines(result, (c) => c.key)).toEqual([]);
      result.forEach((after, i) => {
        const before = cells[i]!;
        expect(after.key).toEqual(before.key);
        if (after.suppression === 'SECONDARY_COMPLEMENTARY') {
          expect(before.suppressed).toBe(false);
          expect(before.value).toBeGreaterThanOrEqual(threshold);
          expect(after).toMatchObject({ value: null, suppressed: true });
        } else expect(after).toEqual(before); // primary stays primary, visible stays visible
      });
      // Deterministic: the same pattern whatever the row order; and already complete.
      const shuffled = [...cells].sort(() => random() - 0.5);
      expect(keysWith(secure(shuffled), 'SECONDARY_COMPLEMENTARY').sort()).toEqual(
        keysWith(result, 'SECONDARY_COMPLEMENTARY').sort(),
      );
      expect(secure(result)).toEqual(result);
      secondaryTotal += keysWith(result, 'SECONDARY_COMPLEMENTARY').length;
    }
    expect(secondaryTotal).toBeGreaterThan(100); // the tables did exercise the rule
  });
});

describe('secondary suppression in a national service', () => {
  let dk: RunningProcess;

  beforeAll(async () => {
    dk = await startNational({
      country: 'DK',
      database: `sqlite:${join(tempDir('suppression'), 'dk.sqlite')}`,
    });
  });

  afterAll(async () => {
    await dk?.stop();
  });

  it('answers statistics by sex × exploitation group with no line holding a single hidden cell', async () => {
    const token = await tokenFor({ country: 'DK', roles: ['ANALYST'], subject: 'dk-test-analyst' });
    const response = await postGraphql(
      `${dk.url}/graphql`,
      `
        {
          _entities(representations: [{ __typename: "Country", code: "DK" }]) {
            ... on Country {
              statistics(year: 2023, groupBy: [SEX, EXPLOITATION_GROUP]) {
                sex
                exploitationGroup
                value
                suppressed
                suppression
                threshold
              }
            }
          }
        }
      `,
      undefined,
      { token },
    );
    expect(response.errors).toBeUndefined();
    const rows = (response.data as any)._entities[0].statistics as {
      sex: string;
      exploitationGroup: string;
      value: number | null;
      suppressed: boolean;
      suppression: string | null;
      threshold: number;
    }[];
    expect(rows.every((r) => r.threshold === 5 && r.suppressed === (r.value === null))).toBe(true);
    expect(rows.filter((r) => r.value !== null && r.value >= 1 && r.value <= 4)).toEqual([]);
    expect(rows.some((r) => r.suppression === 'PRIMARY_SMALL_CELL')).toBe(true);
    expect(rows.some((r) => r.suppression === 'SECONDARY_COMPLEMENTARY')).toBe(true);

    // Along SEX (same exploitation group) and along EXPLOITATION_GROUP (same sex): 0 or ≥ 2 hidden
    // cells, unless the line has one cell (every row of a GROUP BY is non-zero).
    const keyOf = (r: (typeof rows)[number]) => [r.sex, r.exploitationGroup];
    const singles = lines(rows, keyOf).filter(
      (line) => line.length > 1 && line.filter((r) => r.suppressed).length === 1,
    );
    expect(singles).toEqual([]);
  });
});
