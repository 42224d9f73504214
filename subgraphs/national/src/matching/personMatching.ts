import { randomBytes } from 'node:crypto';
import {
  type LookupAdmission,
  inNetworkOrder,
  isCountryCode,
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
import { ServiceAssertionError, type ServiceKeys } from '@nordic/subgraph-common';
import { type DataSource, In, IsNull, LessThan, MoreThanOrEqual } from 'typeorm';
import { CaseRow } from '../cases/case.entity';
import { MatchReviewRow } from './matchReview.entity';
import { runWriteTransaction } from '../audit/writeTransaction';
import type { CrossBorderCalls } from '../crossborder/remoteStep';
import { describeAnswerError } from '../crossborder/gatewayClient';
import type { LinkageKey } from './matchTokens';
import { MatchRequestRow } from './matchRequest.entity';
import { MatchLookupRow } from './matchLookup.entity';
import { NONCE_RETENTION_MS, signLookup, verifyLookup } from './lookupSignature';

/** How person matching runs in this country. */
export interface PersonMatchingSettings {
  key: LinkageKey;
  /** Match requests one subject may make per hour (DOMAIN §4.4 guard rails). */
  requestsPerHour: number;
  /** Token lookups this country answers per asking country per hour. */
  lookupsPerHourPerCountry: number;
  /** This service's signing key (it signs its lookups) and the members' keys (it verifies theirs). */
  serviceKeys: ServiceKeys;
}

/** What one request brings: who asks, why, and the trace id its audit events carry. */
export interface MatchRequestContext {
  caller: CallerIdentity | null;
  purpose: Purpose | null;
  traceId: string;
  crossBorder: CrossBorderCalls;
}

const HOUR_MS = 3_600_000;
/** Answered lookups' rows are pruned once in this many lookups. */
const PRUNE_EVERY = 100;

/** Rolls back an admission over the per-asking-country limit. */
class LookupRateLimited extends Error {
  constructor(readonly answered: number) {
    super('over the per-asking-country lookup limit');
  }
}

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
      const inserted = await manager.insert(MatchRequestRow, {
        at: new Date(now).toISOString(),
        actorId: caller.subject,
        caseId: request.caseId,
        purpose,
        justification: request.justification,
        traceId,
      });
      const seq = Number((inserted.identifiers[0] as { seq: number }).seq);
      return {
        admitted: true,
        requestId: formatGlobalId(this.country, 'MatchRequest', String(seq)),
      } as const;
    });
  }

  async askOtherCountries(
    tokens: readonly MatchTokenValue[],
    request: { requestId: string; justification: string },
  ): Promise<ForeignMatch[]> {
    // The members this service holds service keys of (SERVICE_JWKS_FILE): configuration, not a list in code.
    const others = inNetworkOrder(this.settings.serviceKeys.members.keys()).filter(
      (c): c is CountryCode => isCountryCode(c) && c !== this.country,
    );
    const { gateway, call } = this.request.crossBorder;
    const sent = tokens.map(({ scheme, keyVersion, value }) => ({ scheme, keyVersion, value }));
    const signedRequest = await signLookup(this.settings.serviceKeys, {
      requestId: request.requestId,
      justification: request.justification,
      subject: this.request.caller?.subject as string,
      audience: others,
      tokens: sent,
    });
    // The answering countries' audit events carry the same trace id as this country's.
    const traceparent =
      call.headers.traceparent ?? `00-${this.request.traceId}-${randomBytes(8).toString('hex')}-01`;
    let answer;
    try {
      answer = await gateway.request<LookupAnswer>(
        { ...call, headers: { ...call.headers, traceparent } },
        MATCH_TOKEN_LOOKUP,
        { tokens: sent, countries: others, signedRequest },
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

  async admitLookup(lookup: {
    signedRequest: string;
    tokens: readonly MatchTokenValue[];
  }): Promise<LookupAdmission> {
    const caller = this.request.caller;
    if (!caller) throw new Error('admitLookup needs a verified caller');
    let verified;
    try {
      verified = await verifyLookup(this.settings.serviceKeys, lookup.signedRequest, {
        answeringCountry: this.country,
        callerCountry: caller.country,
        callerSubject: caller.subject,
        tokens: lookup.tokens,
      });
    } catch (error) {
      if (!(error instanceof ServiceAssertionError)) throw error;
      return {
        admitted: false,
        code: ErrorCode.MATCH_LOOKUP_SIGNATURE_INVALID,
        message: `${this.country} does not answer this token lookup: its signature claims to come from ${caller.country}'s national service, but ${error.message}. Lookups are made only by matchPerson at the case's owner.`,
      };
    }
    const replayed: LookupAdmission = {
      admitted: false,
      code: ErrorCode.MATCH_LOOKUP_REPLAYED,
      message: `${this.country} has already answered this signed lookup of ${verified.requestId}; each lookup is answered once — start a new match with matchPerson.`,
    };
    const limit = this.settings.lookupsPerHourPerCountry;
    const now = Date.now();
    try {
      // Few round trips (each answering country does this for every lookup): the nonce's row first —
      // its unique index refuses a copy — then the hour's count including it, rolled back when over.
      return await runWriteTransaction(this.dataSource, async (manager): Promise<LookupAdmission> => {
        const inserted = await manager.insert(MatchLookupRow, {
          at: new Date(now).toISOString(),
          askingCountry: verified.askingCountry,
          requestId: verified.requestId,
          nonce: verified.nonce,
          expiresAt: verified.expiresAt.toISOString(),
        });
        const recent = await manager.count(MatchLookupRow, {
          where: {
            askingCountry: verified.askingCountry,
            at: MoreThanOrEqual(new Date(now - HOUR_MS).toISOString()),
          },
        });
        if (recent > limit) throw new LookupRateLimited(recent - 1);
        // Now and then, rows past any lookup's validity go: they serve neither the nonce check nor the count.
        if (Number((inserted.identifiers[0] as { seq: number }).seq) % PRUNE_EVERY === 0) {
          await manager.delete(MatchLookupRow, {
            at: LessThan(new Date(now - NONCE_RETENTION_MS).toISOString()),
          });
        }
        return {
          admitted: true,
          askingCountry: verified.askingCountry as CountryCode,
          requestId: verified.requestId,
        };
      });
    } catch (error) {
      if (error instanceof LookupRateLimited) {
        return {
          admitted: false,
          code: ErrorCode.MATCH_LOOKUP_RATE_LIMITED,
          message: `${this.country} answers ${limit} token lookups an hour from ${verified.askingCountry} and has answered ${error.answered} in the last hour; ${verified.askingCountry}'s match ${verified.requestId} was not answered — try again later.`,
        };
      }
      // The nonce's row is there: this lookup was answered before (or a copy of it just now).
      if (await this.dataSource.getRepository(MatchLookupRow).exists({ where: { nonce: verified.nonce } })) {
        return replayed;
      }
      throw error;
    }
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
          matchRequestId: review.matchRequestId,
          at: new Date().toISOString(),
          requestingCountry: review.requestingCountry,
          countries: review.countries.join(','),
          caseIds: review.caseIds.join(','),
          requestedBy: review.requestedBy,
          justification: review.justification,
          reviewedBy: null,
          reviewedAt: null,
        })
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
      matchRequestId: row.matchRequestId,
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
