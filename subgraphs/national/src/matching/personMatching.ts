import { randomBytes } from 'node:crypto';
import {
  CONNECTED_COUNTRIES,
  type CallerIdentity,
  type ConnectedCountry,
  type CountryCode,
  ErrorCode,
  type ForeignMatch,
  type MatchAdmission,
  type MatchReviewRecord,
  type MatchTokenValue,
  formatGlobalId,
  parseGlobalId,
  type PersonMatchingPort,
  type Purpose,
  MATCH_TOKEN_LOOKUP,
} from '@nordic/schema';
import { type DataSource, In, IsNull } from 'typeorm';
import { CaseRow } from '../cases/case.entity';
import { MatchReviewRow } from './matchReview.entity';
import { runWriteTransaction } from '../audit/writeTransaction';
import type { CrossBorderCalls } from '../crossborder/remoteStep';
import { describeAnswerError } from '../crossborder/gatewayClient';
import type { LinkageKey } from './matchTokens';
import { MatchRequestRow } from './matchRequest.entity';

/** How person matching runs in this country. */
export interface PersonMatchingSettings {
  key: LinkageKey;
  /** Match requests one subject may make per hour (DOMAIN §4.4 guard rails). */
  requestsPerHour: number;
}

/** What one request brings: who asks, why, and the trace id its audit events carry. */
export interface MatchRequestContext {
  caller: CallerIdentity | null;
  purpose: Purpose | null;
  traceId: string;
  crossBorder: CrossBorderCalls;
}

const HOUR_MS = 3_600_000;

interface LookupAnswer {
  matchTokenLookup:
    { country: CountryCode; hasRecord: boolean; contactPoint: { id: string } | null }[] | null;
}

/**
 * This country's side of person matching: its token index (answering other countries) and, for its
 * own cases, the request log with justifications, the rate limit, and the lookup in every other
 * country through the gateway — as the caller, so each answering country applies its own policy.
 */
export class PersonMatching implements PersonMatchingPort {
  constructor(
    private readonly dataSource: DataSource,
    private readonly country: ConnectedCountry,
    private readonly settings: PersonMatchingSettings,
    private readonly request: MatchRequestContext,
  ) {}

  get keyVersion(): number {
    return this.settings.key.version;
  }

  async tokensOfCase(caseId: string): Promise<MatchTokenValue[] | null> {
    const rows = (await this.dataSource
      .createQueryBuilder()
      .select(['t.scheme AS scheme', 't.key_version AS key_version', 't.value AS value'])
      .addSelect('c.seq', 'seq')
      .from('cases', 'c')
      .leftJoin('match_tokens', 't', 't.case_seq = c.seq AND t.key_version = :version', {
        version: this.settings.key.version,
      })
      .where('c.id = :caseId', { caseId })
      .getRawMany()) as { scheme: string | null; key_version: number | null; value: string | null }[];
    if (rows.length === 0) return null;
    return rows
      .filter((r) => r.value !== null)
      .map((r) => ({
        scheme: r.scheme as MatchTokenValue['scheme'],
        keyVersion: Number(r.key_version),
        value: r.value as string,
      }));
  }

  async admitRequest(request: { caseId: string; justification: string }): Promise<MatchAdmission> {
    const { caller, purpose, traceId } = this.request;
    if (!caller || !purpose) throw new Error('admitRequest needs a verified caller with a declared purpose');
    const limit = this.settings.requestsPerHour;
    const now = Date.now();
    return runWriteTransaction(this.dataSource, async (manager) => {
      const since = new Date(now - HOUR_MS).toISOString();
      const recent = await manager
        .getRepository(MatchRequestRow)
        .createQueryBuilder('r')
        .where('r.actorId = :actor AND r.at >= :since', { actor: caller.subject, since })
        .orderBy('r.at', 'ASC')
        .getMany();
      if (recent.length >= limit) {
        const retryAt = new Date(Date.parse((recent[0] as MatchRequestRow).at) + HOUR_MS);
        return {
          admitted: false,
          message: `You have made ${recent.length} person-match requests in the last hour; ${this.country} allows ${limit} per hour per person. Try again after ${retryAt.toISOString()}.`,
        } as const;
      }
      await manager.insert(MatchRequestRow, {
        at: new Date(now).toISOString(),
        actorId: caller.subject,
        caseId: request.caseId,
        purpose,
        justification: request.justification,
        traceId,
      });
      return { admitted: true } as const;
    });
  }

  async askOtherCountries(tokens: readonly MatchTokenValue[]): Promise<ForeignMatch[]> {
    const others = CONNECTED_COUNTRIES.filter((c) => c !== this.country);
    const { gateway, call } = this.request.crossBorder;
    // The answering countries' audit events carry the same trace id as this country's.
    const traceparent =
      call.headers.traceparent ?? `00-${this.request.traceId}-${randomBytes(8).toString('hex')}-01`;
    let answer;
    try {
      answer = await gateway.request<LookupAnswer>(
        { ...call, headers: { ...call.headers, traceparent } },
        MATCH_TOKEN_LOOKUP,
        {
          tokens: tokens.map(({ scheme, keyVersion, value }) => ({ scheme, keyVersion, value })),
          countries: others,
        },
      );
    } catch (error) {
      const message = (error as Error).message;
      return others.map((country) => ({
        country,
        failure: { code: ErrorCode.CROSS_BORDER_UNAVAILABLE, message },
      }));
    }
    const answers = answer.data?.matchTokenLookup ?? [];
    const errors = answer.errors ?? [];
    const general = errors.find((e) => !e.extensions?.country);
    return others.map((country): ForeignMatch => {
      const answered = answers.find((a) => a.country === country);
      if (answered) {
        return { country, hasRecord: answered.hasRecord, contactPointId: answered.contactPoint?.id ?? null };
      }
      const own = errors.find((e) => e.extensions?.country === country) ?? general;
      return {
        country,
        failure: own
          ? { code: String(own.extensions?.code ?? 'COUNTRY_UNAVAILABLE'), message: own.message }
          : { code: 'COUNTRY_UNAVAILABLE', message: `no answer (${describeAnswerError(answer)})` },
      };
    });
  }

  async minorCases(caseIds: readonly string[]): Promise<string[]> {
    if (caseIds.length === 0) return [];
    const rows = await this.dataSource
      .getRepository(CaseRow)
      .find({ select: { id: true }, where: { id: In([...caseIds]), minorAtExploitation: true } });
    return rows.map((r) => r.id).sort();
  }

  async keepForReview(
    review: Omit<MatchReviewRecord, 'id' | 'at' | 'reviewedBy' | 'reviewedAt'>,
  ): Promise<void> {
    await runWriteTransaction(this.dataSource, (manager) =>
      manager
        .createQueryBuilder()
        .insert()
        .into(MatchReviewRow)
        .values({
          traceId: this.request.traceId,
          at: new Date().toISOString(),
          requestingCountry: review.requestingCountry,
          countries: review.countries.join(','),
          caseIds: review.caseIds.join(','),
          requestedBy: review.requestedBy,
          justification: review.justification,
          reviewedBy: null,
          reviewedAt: null,
        })
        .orIgnore()
        .execute(),
    );
  }

  async matchReviews(pending: boolean): Promise<MatchReviewRecord[]> {
    const rows = await this.dataSource.getRepository(MatchReviewRow).find({
      where: pending ? { reviewedAt: IsNull() } : {},
      order: { seq: 'DESC' },
      take: 500,
    });
    return rows.map((row) => this.toReview(row));
  }

  async matchReview(id: string): Promise<MatchReviewRecord | null> {
    const seq = Number(parseGlobalId(id, 'MatchReview').local);
    if (!Number.isSafeInteger(seq)) return null;
    const row = await this.dataSource.getRepository(MatchReviewRow).findOne({ where: { seq } });
    return row ? this.toReview(row) : null;
  }

  async review(id: string, reviewer: string): Promise<MatchReviewRecord | null> {
    const seq = Number(parseGlobalId(id, 'MatchReview').local);
    if (!Number.isSafeInteger(seq)) return null;
    await runWriteTransaction(this.dataSource, (manager) =>
      manager
        .getRepository(MatchReviewRow)
        .update(
          { seq, reviewedBy: IsNull() },
          { reviewedBy: reviewer, reviewedAt: new Date().toISOString() },
        ),
    );
    return this.matchReview(id);
  }

  private toReview(row: MatchReviewRow): MatchReviewRecord {
    return {
      id: formatGlobalId(this.country, 'MatchReview', String(row.seq)),
      at: new Date(row.at),
      requestingCountry: row.requestingCountry as CountryCode,
      countries: row.countries.split(',').filter(Boolean) as CountryCode[],
      caseIds: row.caseIds.split(',').filter(Boolean),
      requestedBy: row.requestedBy,
      justification: row.justification,
      reviewedBy: row.reviewedBy,
      reviewedAt: row.reviewedAt ? new Date(row.reviewedAt) : null,
    };
  }

  async casesWithTokens(tokens: readonly MatchTokenValue[]): Promise<string[]> {
    const rows = (await this.dataSource
      .createQueryBuilder()
      .select('c.id', 'id')
      .addSelect('t.scheme', 'scheme')
      .addSelect('t.value', 'value')
      .from('match_tokens', 't')
      .innerJoin('cases', 'c', 'c.seq = t.case_seq')
      .where('t.value IN (:...values)', { values: tokens.map((t) => t.value) })
      .andWhere('t.key_version = :version', { version: this.settings.key.version })
      .getRawMany()) as { id: string; scheme: string; value: string }[];
    const wanted = new Set(tokens.map((t) => `${t.scheme}|${t.value}`));
    return [...new Set(rows.filter((r) => wanted.has(`${r.scheme}|${r.value}`)).map((r) => r.id))].sort();
  }
}
