import {
  type Case,
  type ConnectedCountry,
  type CountryCode,
  ErrorCode,
  type ExploitationForm,
  type Idempotency,
  type Purpose,
  REFERRAL_TRANSITIONS,
  type ReferralAction,
  type ReferralChangeKind,
  type ReferralPayload,
  type ReferralRecord,
  type ReferralRequest,
  DEFAULT_REFERRAL_DAYS,
  contractError,
  effectiveReferralStatus,
  formatGlobalId,
  parseGlobalId,
  isOrganisationOf,
  referralTransitionProblem,
  OPEN_CASE_FROM_REFERRAL,
  REFERRAL_TO_OPEN,
} from '@nordic/schema';
import { randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import type { DataSource, EntityManager } from 'typeorm';
import { runWriteTransaction } from '../audit/writeTransaction';
import { AssistanceRow, CaseRow, ExploitationRow } from '../cases/case.entity';
import { caseRowValues } from '../cases/case.mapper';
import { caseChildRows } from '../cases/caseRows';
import { CaseStore } from '../cases/caseStore';
import { splitCodes } from '../codeListColumns';
import { assertListedOrganisation } from '../crossborder/organisationDirectory';
import { type CrossBorderCalls, remoteStep } from '../crossborder/remoteStep';
import { nextLocalId, oncePer, priorResult, recordResult, requestHashOf } from '../crossborder/idempotency';
import type { SyntheticCase } from '../seed/syntheticCase';
import { newRecordKey } from '../statistics/cellKeyPerturbation';
import { ReferralRow } from './referral.entity';
import {
  ACCEPTANCE_LEASE_MS,
  acceptanceUnderWay,
  expiryJudgedAt,
  focalPointOf,
  toReferralRecord,
} from './referral.mapper';
import { buildReferralPayload } from './referralPayload';
import { referralEventsOf } from '../notifications/referralEventHub';

const DAY_MS = 24 * 3600 * 1000;

/** The notification each action's change is published as (an acknowledgement tells nobody anything new). */
const CHANGE_OF_ACTION: Record<ReferralAction, ReferralChangeKind | null> = {
  ACKNOWLEDGE: null,
  ACCEPT: 'ACCEPTED',
  DECLINE: 'DECLINED',
  WITHDRAW: 'WITHDRAWN',
  COMPLETE: 'COMPLETED',
};

/** The referral `id`, read for a change: under a row lock on PostgreSQL (SQLite runs writes one at a time). */
async function lockedReferral(manager: EntityManager, id: string, country: string): Promise<ReferralRow> {
  const lock =
    manager.connection.options.type === 'postgres' ? { lock: { mode: 'pessimistic_write' as const } } : {};
  const row = await manager.getRepository(ReferralRow).findOne({ where: { id }, ...lock });
  if (!row) throw contractError(ErrorCode.NOT_FOUND, `${id} is not a referral ${country} sent.`, { id });
  return row;
}

/**
 * The referral lifecycle on the sending side (create, answer, withdraw, complete) and the receiving
 * side's one write (open a case from an accepted referral). Every write is one transaction through
 * `runWriteTransaction`, idempotent under retry, and a cross-border step is taken before the local
 * write so that a failure there leaves this country's records as they were.
 */
export class ReferralWrites {
  constructor(
    private readonly dataSource: DataSource,
    private readonly country: ConnectedCountry,
    private readonly crossBorder: CrossBorderCalls,
    /** The caller's organisation: responsible for a case opened from a referral they accept. */
    private readonly callerOrganisation: string | null = null,
  ) {}

  async createReferral(
    caseId: string,
    request: ReferralRequest,
    purpose: Purpose,
    idempotency: Idempotency,
  ): Promise<ReferralRecord> {
    const hash = requestHashOf({ caseId, request });
    const prior = await priorResult(this.dataSource, 'createReferral', idempotency, hash);
    if (prior) return this.read(prior);
    if (request.toOrganisationId) {
      await assertListedOrganisation(
        this.crossBorder,
        request.toOrganisationId,
        request.toCountry,
        'request.toOrganisationId',
      );
    }
    const origin = await this.dataSource.getRepository(CaseRow).findOne({ where: { id: caseId } });
    if (!origin) {
      throw contractError(ErrorCode.NOT_FOUND, `${caseId} is not a case of ${this.country}.`, { id: caseId });
    }
    const forms = await this.dataSource
      .getRepository(ExploitationRow)
      .find({ select: { form: true }, where: { caseSeq: origin.seq }, order: { position: 'ASC' } });
    const payload = buildReferralPayload(
      {
        sex: origin.sex as ReferralPayload['sex'] & string,
        ageBand: origin.ageBand as NonNullable<ReferralPayload['ageBand']>,
        minorAtExploitation: origin.minorAtExploitation,
        citizenship: splitCodes<CountryCode>(origin.citizenship),
        languages: splitCodes(origin.languages),
        exploitationForms: forms.map((f) => f.form as ExploitationForm),
        safetyRiskLevel: origin.safetyRiskLevel as ReferralPayload['safetyRiskLevel'],
      },
      request.needs,
    );
    const now = new Date();
    let created = false;
    const id = await runWriteTransaction(this.dataSource, async (manager) => {
      const raced = await priorResult(manager, 'createReferral', idempotency, hash);
      if (raced) return raced;
      created = true;
      const local = await nextLocalId(
        manager,
        ReferralRow,
        `${this.country}:Referral:`,
        now.getUTCFullYear(),
      );
      const referralId = formatGlobalId(this.country, 'Referral', local);
      await manager.getRepository(ReferralRow).insert({
        id: referralId,
        caseSeq: origin.seq,
        caseId,
        toCountry: request.toCountry,
        fromContactId: focalPointOf(this.country),
        toContactId: focalPointOf(request.toCountry),
        toOrgId: request.toOrganisationId ?? null,
        reason: request.reason,
        urgency: request.urgency,
        purpose,
        legalBasis: request.legalBasis,
        payload: JSON.stringify(payload),
        consentRecorded: request.consentRecorded,
        status: 'SENT',
        recordKey: newRecordKey(),
        year: now.getUTCFullYear(),
        sentAt: now.toISOString(),
        respondedAt: null,
        responseNote: null,
        destinationCaseId: null,
        expiresAt: new Date(
          now.getTime() + (request.expiresInDays ?? DEFAULT_REFERRAL_DAYS) * DAY_MS,
        ).toISOString(),
      });
      await recordResult(manager, 'createReferral', idempotency, hash, referralId);
      return referralId;
    });
    if (created) referralEventsOf(this.dataSource).publish('SENT', id, now);
    return this.read(id);
  }

  /**
   * Answers, withdraws or completes a referral. Accepting takes two countries: the receiver opens its case
   * first (if that fails, nothing changes here), then the referral is recorded ACCEPTED. While the
   * receiver works, the referral holds an acceptance lease, so a decline or withdrawal arriving in
   * between is refused (`INVALID_REFERRAL_TRANSITION`, "being accepted") instead of leaving the receiver
   * a case opened from a referral that ends up declined. The lease ends with the acceptance, when the
   * receiver refuses, or after `ACCEPTANCE_LEASE_MS` (this service stopped half-way, or the receiver's
   * answer was lost; a retry completes it). While the lease is held, the referral's expiry is judged at
   * the lease's start (`expiryJudgedAt`): one that expires while its acceptance is under way is still
   * accepted, rather than leaving the receiver a case whose referral says EXPIRED.
   * Every state change reads the referral under a row lock (PostgreSQL; SQLite's writes are serial).
   */
  async actOnReferral(
    id: string,
    action: ReferralAction,
    note: string | null,
    idempotency: Idempotency,
  ): Promise<ReferralRecord> {
    const operation = `referral:${action}`;
    const hash = requestHashOf({ id, action, note });
    if (await priorResult(this.dataSource, operation, idempotency, hash)) return this.read(id);
    const destination = action === 'ACCEPT' ? await this.acceptInReceiver(id) : null;
    let changed = false;
    await runWriteTransaction(this.dataSource, async (manager) => {
      if (await priorResult(manager, operation, idempotency, hash)) return;
      changed = true;
      const current = await lockedReferral(manager, id, this.country);
      this.assertTransition(action, current);
      if (action === 'DECLINE' || action === 'WITHDRAW') this.assertNotBeingAccepted(current);
      const answers = action === 'ACCEPT' || action === 'DECLINE';
      await manager.getRepository(ReferralRow).update(
        { id },
        {
          status: REFERRAL_TRANSITIONS[action].to,
          ...(answers ? { respondedAt: new Date().toISOString(), responseNote: note } : {}),
          ...(action === 'ACCEPT'
            ? { destinationCaseId: destination, acceptanceToken: null, acceptanceUntil: null }
            : {}),
        },
      );
      await recordResult(manager, operation, idempotency, hash, id);
    });
    const kind = CHANGE_OF_ACTION[action];
    if (changed && kind) referralEventsOf(this.dataSource).publish(kind, id);
    return this.read(id);
  }

  /**
   * Takes the acceptance lease and has the receiver open its case. When the receiver could not be
   * reached or did not answer in time, it may still have opened its case (the request may arrive late),
   * so the lease is kept until it runs out: a decline meanwhile is refused, and a retry — which takes
   * over the lease, its start included — completes the acceptance. When the receiver refused, nothing
   * was opened and the lease is given back.
   */
  private async acceptInReceiver(id: string): Promise<string> {
    const token = randomUUID();
    const receiver = await runWriteTransaction(this.dataSource, async (manager) => {
      const row = await lockedReferral(manager, id, this.country);
      // An acceptance already under way (an earlier attempt's outcome unknown) keeps its start.
      const start = expiryJudgedAt(row);
      this.assertTransition('ACCEPT', row);
      const until = new Date(start.getTime() + ACCEPTANCE_LEASE_MS).toISOString();
      await manager
        .getRepository(ReferralRow)
        .update({ id }, { acceptanceToken: token, acceptanceUntil: until });
      return row.toCountry as ConnectedCountry;
    });
    try {
      return await this.openCaseIn(receiver, id);
    } catch (error) {
      const outcomeUnknown =
        error instanceof GraphQLError && error.extensions.code === ErrorCode.CROSS_BORDER_UNAVAILABLE;
      if (outcomeUnknown) throw error; // the receiver may still open its case: keep the lease
      await runWriteTransaction(this.dataSource, (manager) =>
        manager
          .getRepository(ReferralRow)
          .update({ id, acceptanceToken: token }, { acceptanceToken: null, acceptanceUntil: null }),
      ).catch(() => undefined); // the lease runs out by itself
      throw error;
    }
  }

  /**
   * Who is responsible for the case opened from `referral`: the organisation it is addressed to (if the
   * sender named one of this country's), else the accepting caller's own organisation.
   */
  private responsibleFor(referral: RemoteReferral): string | null {
    const addressee = referral.toOrganisation?.id;
    return addressee && isOrganisationOf(addressee, this.country) ? addressee : this.callerOrganisation;
  }

  private assertNotBeingAccepted(row: ReferralRow): void {
    if (!acceptanceUnderWay(row)) return;
    throw contractError(
      ErrorCode.INVALID_REFERRAL_TRANSITION,
      `${row.id} is being accepted by ${row.toCountry} right now (its case is being opened); if that acceptance does not go through, try again after ${row.acceptanceUntil}.`,
      { id: row.id, status: row.status },
    );
  }

  /** The receiving side: one case per referral, opened from the payload the sender serves for it. */
  async openCaseFromReferral(referralId: string): Promise<Case> {
    const once = oncePer(referralId);
    const hash = requestHashOf(referralId);
    const prior = await priorResult(this.dataSource, 'openCaseFromReferral', once, hash);
    if (prior) return this.readCase(prior);
    const sender = parseGlobalId(referralId, 'Referral').country;
    const answer = await remoteStep<{ referral: RemoteReferral | null }>(
      this.crossBorder,
      sender,
      'read the referral',
      REFERRAL_TO_OPEN,
      { id: referralId },
    );
    const referral = answer.referral;
    if (!referral || referral.toCountry !== this.country) {
      throw contractError(
        ErrorCode.NOT_FOUND,
        `${sender} does not serve ${referralId} as a referral to ${this.country}.`,
      );
    }
    if (!['SENT', 'RECEIVED', 'ACCEPTED'].includes(referral.status) || !referral.sharedPayload) {
      throw contractError(
        ErrorCode.INVALID_REFERRAL_TRANSITION,
        `${referralId} is ${referral.status}${referral.sharedPayload ? '' : ' and its payload has expired'}: no case is opened from it.`,
      );
    }
    const payload = referral.sharedPayload;
    const now = new Date();
    const caseId = await runWriteTransaction(this.dataSource, async (manager) => {
      const raced = await priorResult(manager, 'openCaseFromReferral', once, hash);
      if (raced) return raced;
      const local = await nextLocalId(manager, CaseRow, `${this.country}:Case:`, now.getUTCFullYear());
      const opened = {
        ...caseFromPayload(local, now, sender, referralId, payload),
        responsibleOrgId: this.responsibleFor(referral),
      };
      const values = caseRowValues(this.country, local, opened, false, false);
      const inserted = await manager.getRepository(CaseRow).insert(values);
      const caseSeq = Number((inserted.identifiers[0] as { seq: number }).seq);
      const children = caseChildRows(caseSeq, opened);
      await manager.getRepository(ExploitationRow).insert(children.exploitations);
      if (children.assistance.length > 0) {
        await manager.getRepository(AssistanceRow).insert(children.assistance);
      }
      await recordResult(manager, 'openCaseFromReferral', once, hash, values.id);
      return values.id;
    });
    return this.readCase(caseId);
  }

  /** Refuses an action the referral's status does not allow (its expiry judged by `expiryJudgedAt`). */
  private assertTransition(action: ReferralAction, row: ReferralRow): void {
    const status = effectiveReferralStatus(
      row.status as ReferralRecord['status'],
      new Date(row.expiresAt),
      expiryJudgedAt(row),
    );
    const problem = referralTransitionProblem(action, status);
    if (problem) {
      throw contractError(ErrorCode.INVALID_REFERRAL_TRANSITION, `${row.id}: ${problem}.`, {
        id: row.id,
        status,
      });
    }
  }

  private async openCaseIn(receiver: ConnectedCountry, referralId: string): Promise<string> {
    const answer = await remoteStep<{ openCaseFromReferral: { id: string } }>(
      this.crossBorder,
      receiver,
      'open the case',
      OPEN_CASE_FROM_REFERRAL,
      { country: receiver, referralId },
    );
    return answer.openCaseFromReferral.id;
  }

  private async row(id: string): Promise<ReferralRow> {
    const row = await this.dataSource.getRepository(ReferralRow).findOne({ where: { id } });
    if (!row)
      throw contractError(ErrorCode.NOT_FOUND, `${id} is not a referral ${this.country} sent.`, { id });
    return row;
  }

  private async read(id: string): Promise<ReferralRecord> {
    return toReferralRecord(this.country, await this.row(id));
  }

  private async readCase(id: string): Promise<Case> {
    const [found] = await new CaseStore(this.dataSource, this.country).findCases([id]);
    if (!found) throw new Error(`case ${id} was just written but cannot be read`);
    return found;
  }
}

interface RemoteReferral {
  id: string;
  toCountry: string;
  status: string;
  toOrganisation: { id: string } | null;
  sharedPayload: ReferralPayload | null;
}

/**
 * The receiving country's new case, from nothing but the referral's shared payload: no identity
 * crosses a border, so the receiving caseworker completes it nationally. The payload carries no place
 * of exploitation; the sending country is recorded as the country each form was reported from.
 */
function caseFromPayload(
  local: string,
  now: Date,
  sender: string,
  referralId: string,
  payload: ReferralPayload,
): SyntheticCase {
  const month = now.toISOString().slice(0, 7);
  const forms = payload.exploitationForms.length > 0 ? payload.exploitationForms : (['UNKNOWN'] as const);
  return {
    local,
    registeringOrgType: 'NATIONAL_COORDINATOR',
    openedMonth: month,
    closedMonth: null,
    status: 'ACTIVE',
    sex: payload.sex ?? 'UNKNOWN',
    ageBand: payload.ageBand ?? 'UNKNOWN',
    minorAtExploitation: payload.minor,
    citizenship: payload.citizenship ?? [],
    migrationStatus: null,
    recruiterRelationship: null,
    recruitmentMethods: [],
    accompaniedChildrenCount: null,
    languages: payload.languages ?? [],
    identification: {
      status: 'POTENTIAL',
      decidedByOrgType: 'OTHER',
      decidedMonth: null,
      reflectionPeriodEndsMonth: null,
    },
    exploitations: forms.map((form) => ({
      form,
      sexualType: null,
      industry: null,
      country: sender as CountryCode,
      fromMonth: null,
      toMonth: null,
      meansOfControl: [],
      onlineFacilitated: null,
    })),
    events: [],
    indicators: [],
    assistance: payload.needs.map((type) => ({
      type,
      providerOrgType: 'ASSISTANCE_SYSTEM',
      status: 'PLANNED',
      startMonth: month,
      endMonth: null,
    })),
    perpetratorSummary: null,
    legalBasisNational: null,
    safetyRiskLevel: payload.safetyRiskLevel,
    identity: {
      familyName: '',
      givenNames: '',
      birthYearMonth: null,
      nationalIdNumber: null,
      travelDocumentNumber: null,
    },
    originReferralId: referralId,
    responsibleOrgId: null,
  };
}
