import {
  type CaseWrite,
  type CaseWriteResult,
  type ConnectedCountry,
  ErrorCode,
  type Idempotency,
  contractError,
} from '@nordic/schema';
import type { DataSource, EntityManager } from 'typeorm';
import { runWriteTransaction } from '../audit/writeTransaction';
import { type CaseRecordProblem, caseRecordProblems } from '../caseRecords/caseRecordProblems';
import type { CaseContentsRecord } from '../caseRecords/caseRecordSchema';
import { insertCaseRecord, lockedCase, replaceCaseRecord } from '../caseRecords/caseRecordWriter';
import { changedFieldNames, storedCaseRecord } from '../caseRecords/storedCaseRecord';
import { priorResult, recordResult, requestHashOf } from '../crossborder/idempotency';
import { assertListedOrganisation } from '../crossborder/organisationDirectory';
import type { CrossBorderCalls } from '../crossborder/remoteStep';
import { PersonIdentityRow } from '../identity/personIdentity.entity';
import type { LinkageKey } from '../matching/matchTokens';
import type { CaseScope } from '../policy/accessPolicy';
import { CaseStore } from './caseStore';

const IDENTITY_FIELDS = [
  'familyName',
  'givenNames',
  'birthYearMonth',
  'nationalIdNumber',
  'travelDocumentNumber',
] as const;

/** A GraphQL input object as plain data: absent fields left out, a null risk level meaning the default. */
function plain(value: unknown): Record<string, unknown> {
  const data = JSON.parse(JSON.stringify(value ?? {})) as Record<string, unknown>;
  if (data['safetyRiskLevel'] === null) delete data['safetyRiskLevel'];
  return data;
}

function currentMonth(): string {
  return new Date().toISOString().slice(0, 7);
}

/**
 * The domestic case writes of the contract (`registerCase`, `updateCase`, `recordCaseEvent`,
 * `closeCase`, `reopenCase`): each one checks the whole case record it leads to (caseRecordProblems),
 * writes it in one transaction with its idempotency key (caseRecordWriter), and reports the names of the
 * fields it changed for the audit. `scope` is the caller's case scope: a caseworker writes only the
 * cases of their organisation, checked again under the row lock.
 */
export class CaseWrites {
  constructor(
    private readonly dataSource: DataSource,
    private readonly country: ConnectedCountry,
    private readonly scope: CaseScope | null,
    private readonly linkageKey: LinkageKey,
    /** Asks the network directory (through the gateway) whether a responsible organisation is listed. */
    private readonly crossBorder: CrossBorderCalls | null = null,
    private readonly today: () => string = currentMonth,
  ) {}

  async writeCase(write: CaseWrite, idempotency: Idempotency): Promise<CaseWriteResult> {
    const operation = `case${write.operation}`;
    const hash = requestHashOf(write);
    const prior = await priorResult(this.dataSource, operation, idempotency, hash);
    if (prior) return { case: await this.read(prior), changedFields: [] };
    const organisation =
      write.operation === 'REGISTER' || write.operation === 'UPDATE' ? write.input.responsibleOrgId : null;
    // A mistyped organisation would hide the case from every caseworker: it must be in the directory.
    if (organisation && this.crossBorder)
      await assertListedOrganisation(this.crossBorder, organisation, this.country, 'input.responsibleOrgId');
    const outcome = await runWriteTransaction(this.dataSource, async (manager) => {
      const raced = await priorResult(manager, operation, idempotency, hash);
      if (raced) return { id: raced, changedFields: [] };
      const written =
        write.operation === 'REGISTER'
          ? await this.register(manager, write)
          : await this.change(manager, write);
      await recordResult(manager, operation, idempotency, hash, written.id);
      return written;
    });
    return { case: await this.read(outcome.id), changedFields: outcome.changedFields };
  }

  private async register(
    manager: EntityManager,
    write: Extract<CaseWrite, { operation: 'REGISTER' }>,
  ): Promise<{ id: string; changedFields: string[] }> {
    const raw = plain(write.input);
    if (write.identity) raw['identity'] = plain(write.identity);
    const record = this.checked(raw, 'input');
    const id = await insertCaseRecord(manager, this.country, record, { linkageKey: this.linkageKey });
    const given = changedFieldNames({}, { ...record, responsibleOrgId: record.responsibleOrgId ?? null });
    const identity = record.identity ? IDENTITY_FIELDS.filter((f) => record.identity?.[f] != null) : [];
    return { id, changedFields: [...given, ...identity.map((f) => `identity.${f}`)] };
  }

  private async change(
    manager: EntityManager,
    write: Exclude<CaseWrite, { operation: 'REGISTER' }>,
  ): Promise<{ id: string; changedFields: string[] }> {
    const row = await lockedCase(manager, this.country, write.id);
    if (this.scope?.organisation !== undefined && row.responsibleOrgId !== this.scope.organisation) {
      // The policy judged the case as the caller's scoped store saw it; it moved since.
      throw contractError(
        ErrorCode.FORBIDDEN,
        `${write.id} is not a case of your organisation (${this.scope.organisation ?? 'none named'}); a coordinator of ${this.country} can assign it.`,
        { field: 'id' },
      );
    }
    if (row.version !== write.expectedVersion) {
      throw contractError(
        ErrorCode.CONFLICT,
        `${row.id} is at version ${row.version}, not ${write.expectedVersion}: it was changed since you read it. Nothing was written; read the case again and redo your change on version ${row.version}.`,
        { id: row.id, currentVersion: row.version, argument: 'expectedVersion', field: 'expectedVersion' },
      );
    }
    const before = await storedCaseRecord(manager, row);
    const raw = this.applied(write, before);
    const record = this.checked(raw, write.operation === 'UPDATE' ? 'input' : null);
    if (record.responsibleOrgId === undefined) record.responsibleOrgId = before.responsibleOrgId;
    if (record.originReferralId === undefined) record.originReferralId = before.originReferralId;
    const identityChanges = record.identity
      ? await this.identityChanges(manager, row.seq, record.identity)
      : [];
    await replaceCaseRecord(manager, this.country, row.seq, record, {
      linkageKey: this.linkageKey,
      expectedVersion: write.expectedVersion,
    });
    return { id: row.id, changedFields: [...changedFieldNames(before, record), ...identityChanges] };
  }

  /** The raw record a change leads to: the input of an update, or the stored record with the change applied. */
  private applied(
    write: Exclude<CaseWrite, { operation: 'REGISTER' }>,
    before: CaseContentsRecord,
  ): Record<string, unknown> {
    const base: Record<string, unknown> = { ...before };
    switch (write.operation) {
      case 'UPDATE': {
        const raw = plain(write.input);
        if (write.identity) raw['identity'] = plain(write.identity);
        return raw;
      }
      case 'CLOSE':
        return { ...base, status: write.status, closedMonth: write.closedMonth };
      case 'REOPEN':
        return { ...base, status: write.status, closedMonth: null };
      case 'RECORD_EVENT': {
        const event = write.event;
        if (event.traffickingEvent)
          return { ...base, events: [...before.events, plain(event.traffickingEvent)] };
        if (event.exploitation)
          return { ...base, exploitations: [...before.exploitations, plain(event.exploitation)] };
        if (event.indicator) return { ...base, indicators: [...before.indicators, plain(event.indicator)] };
        if (event.assistance) return { ...base, assistance: [...before.assistance, plain(event.assistance)] };
        if (event.identification) return { ...base, identification: plain(event.identification) };
        return base;
      }
    }
  }

  /** The names of the identity fields a write changes (compared with the stored identity). */
  private async identityChanges(
    manager: EntityManager,
    caseSeq: number,
    identity: NonNullable<CaseContentsRecord['identity']>,
  ): Promise<string[]> {
    const stored = await manager.getRepository(PersonIdentityRow).findOne({ where: { caseSeq } });
    return IDENTITY_FIELDS.filter((f) => (stored?.[f] ?? null) !== (identity[f] ?? null)).map(
      (f) => `identity.${f}`,
    );
  }

  /** The record, or BAD_USER_INPUT listing every problem (the first one's field in `extensions.field`). */
  private checked(raw: Record<string, unknown>, argument: 'input' | null): CaseContentsRecord {
    const checked = caseRecordProblems(raw, { country: this.country, today: this.today() });
    if ('problems' in checked) {
      const at = (p: CaseRecordProblem) =>
        argument && !p.field.startsWith('identity') ? `${argument}.${p.field}` : p.field;
      const problems = checked.problems.map((p) => ({ ...p, field: at(p) }));
      const first = problems[0] as CaseRecordProblem;
      throw contractError(
        ErrorCode.BAD_USER_INPUT,
        problems.map((p) => `${p.field}: ${p.message} Fix: ${p.fix}.`).join(' '),
        { field: first.field, problem: first.code, problems },
      );
    }
    if (checked.record.deleted === true) throw new Error('a case write never gives a deletion');
    return checked.record;
  }

  private async read(id: string) {
    const [found] = await new CaseStore(this.dataSource, this.country).findCases([id]);
    if (!found) throw new Error(`case ${id} was just written but cannot be read`);
    return found;
  }
}
