import DataLoader from 'dataloader';
import { In, type DataSource, type SelectQueryBuilder } from 'typeorm';
import type { Case, CasePageRecord, CaseQuery, ConnectedCountry } from '@nordic/schema';
import type { CaseScope } from '../policy/accessPolicy';
import { AssistanceRow, CaseRow, ExploitationRow, IndicatorRow, TraffickingEventRow } from './case.entity';
import { type CaseChildren, toContractCase } from './case.mapper';
import { caseScopeSql } from './caseScopeSql';
import { decodeCursor, encodeCursor } from './cursor';

function groupBySeq<T extends { caseSeq: number }>(rows: T[]): Map<number, T[]> {
  const map = new Map<number, T[]>();
  for (const row of rows) {
    const list = map.get(row.caseSeq);
    if (list) list.push(row);
    else map.set(row.caseSeq, [row]);
  }
  return map;
}

/**
 * Reads this country's cases. One instance per request: its DataLoader coalesces every case lookup
 * made in the same tick (entity references, referral origins) into one query per table.
 */
export class CaseStore {
  private readonly byId = new DataLoader<string, Case | null>((ids) => this.loadByIds(ids), {
    maxBatchSize: 500,
  });

  /** `scope`: read only the cases the caller's roles cover (see `caseScope`); null reads all of the country's. */
  constructor(
    private readonly dataSource: DataSource,
    private readonly country: ConnectedCountry,
    private readonly scope: CaseScope | null = null,
  ) {}

  findCases(ids: readonly string[]): Promise<(Case | null)[]> {
    return Promise.all(ids.map((id) => this.byId.load(id)));
  }

  private async loadByIds(ids: readonly string[]): Promise<(Case | null)[]> {
    const query = this.dataSource
      .getRepository(CaseRow)
      .createQueryBuilder('c')
      .where('c.id IN (:...ids)', { ids: [...ids] });
    const scope = caseScopeSql(this.scope, 'c');
    if (scope) query.andWhere(scope.sql, scope.params);
    const rows = await query.getMany();
    const cases = await this.withChildren(rows);
    const byId = new Map(cases.map((c) => [c.id, c]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /** Attaches child collections with one query per child table, whatever the number of cases. */
  private async withChildren(rows: CaseRow[]): Promise<Case[]> {
    if (rows.length === 0) return [];
    const seqs = rows.map((r) => r.seq);
    const order = { caseSeq: 'ASC', position: 'ASC' } as const;
    const where = { caseSeq: In(seqs) };
    const [exploitations, events, indicators, assistance] = await Promise.all([
      this.dataSource.getRepository(ExploitationRow).find({ where, order }),
      this.dataSource.getRepository(TraffickingEventRow).find({ where, order }),
      this.dataSource.getRepository(IndicatorRow).find({ where, order }),
      this.dataSource.getRepository(AssistanceRow).find({ where, order }),
    ]);
    const children = {
      exploitations: groupBySeq(exploitations),
      events: groupBySeq(events),
      indicators: groupBySeq(indicators),
      assistance: groupBySeq(assistance),
    };
    return rows.map((row) => {
      const of: CaseChildren = {
        exploitations: children.exploitations.get(row.seq) ?? [],
        events: children.events.get(row.seq) ?? [],
        indicators: children.indicators.get(row.seq) ?? [],
        assistance: children.assistance.get(row.seq) ?? [],
      };
      return toContractCase(this.country, row, of);
    });
  }

  private filtered(query: CaseQuery): SelectQueryBuilder<CaseRow> {
    const qb = this.dataSource.getRepository(CaseRow).createQueryBuilder('c');
    const scope = caseScopeSql(this.scope, 'c');
    if (scope) qb.andWhere(scope.sql, scope.params);
    if (query.status?.length) qb.andWhere('c.status IN (:...status)', { status: query.status });
    if (query.identificationStatus?.length) {
      qb.andWhere('c.identificationStatus IN (:...identificationStatus)', {
        identificationStatus: query.identificationStatus,
      });
    }
    if (query.openedFrom) qb.andWhere('c.openedMonth >= :openedFrom', { openedFrom: query.openedFrom });
    if (query.openedTo) qb.andWhere('c.openedMonth <= :openedTo', { openedTo: query.openedTo });
    if (query.minor !== undefined && query.minor !== null) {
      qb.andWhere('c.minorAtExploitation = :minor', { minor: query.minor });
    }
    if (query.incomingReferral === true) qb.andWhere('c.originReferralId IS NOT NULL');
    if (query.incomingReferral === false) qb.andWhere('c.originReferralId IS NULL');
    if (query.crossBorder !== undefined && query.crossBorder !== null) {
      qb.andWhere('c.hasLinks = :crossBorder', { crossBorder: query.crossBorder });
    }
    if (query.reflectionPeriodEndsBefore) {
      qb.andWhere('c.reflectionPeriodEndsMonth < :reflectionBefore', {
        reflectionBefore: query.reflectionPeriodEndsBefore,
      });
    }
    if (query.exploitationForm) {
      qb.andWhere(
        'EXISTS (SELECT 1 FROM case_exploitations e WHERE e.case_seq = c.seq AND e.form = :exploitationForm)',
        { exploitationForm: query.exploitationForm },
      );
    }
    return qb;
  }

  /** Newest first (openedMonth DESC, seq DESC), keyset-paginated so a page costs the same on page 1 and page 10,000. */
  async casePage(query: CaseQuery, first: number, after: string | undefined): Promise<CasePageRecord> {
    const position = after ? decodeCursor(this.country, query, after) : null;
    const page = this.filtered(query);
    if (position) {
      page.andWhere('(c.openedMonth < :afterMonth OR (c.openedMonth = :afterMonth AND c.seq < :afterSeq))', {
        afterMonth: position.openedMonth,
        afterSeq: position.seq,
      });
    }
    page
      .orderBy('c.openedMonth', 'DESC')
      .addOrderBy('c.seq', 'DESC')
      .limit(first + 1);
    const rows = await page.getMany();
    const hasNextPage = rows.length > first;
    const pageRows = rows.slice(0, first);
    const last = pageRows[pageRows.length - 1];
    return {
      country: this.country,
      countTotal: () => this.filtered(query).getCount(),
      nodes: await this.withChildren(pageRows),
      pageInfo: {
        hasNextPage,
        endCursor: last
          ? encodeCursor(this.country, query, { openedMonth: last.openedMonth, seq: last.seq })
          : null,
      },
    };
  }
}
