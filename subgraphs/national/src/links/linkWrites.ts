import {
  inNetworkOrder,
  type CaseLink,
  type ConnectedCountry,
  ErrorCode,
  type Idempotency,
  type LinkBasis,
  contractError,
  formatGlobalId,
  parseGlobalId,
  MIRROR_CASE_LINK,
  PROPOSED_LINK,
} from '@nordic/schema';
import type { DataSource, EntityManager } from 'typeorm';
import { runWriteTransaction } from '../audit/writeTransaction';
import { CaseRow } from '../cases/case.entity';
import { joinCodes, splitCodes } from '../codeListColumns';
import { nextLocalId, oncePer, priorResult, recordResult, requestHashOf } from '../crossborder/idempotency';
import { type CrossBorderCalls, remoteStep } from '../crossborder/remoteStep';
import { CaseLinkRow } from './caseLink.entity';
import { toCaseLink } from './linkStore';

/** Both countries of a link, in network order (so both sides store the same list). */
function bothCountries(a: string, b: string): string {
  return joinCodes(inNetworkOrder(new Set([a, b])));
}

/**
 * Case links between two countries (DOMAIN §3 use cases 10–11): a coordinator proposes a link from
 * one of their cases to another country's case; the other country's coordinator confirms it, and only
 * then do both sides show it. Confirming stores the confirming country's side first (through the
 * gateway, as the confirming user), then confirms here, so a failure leaves this side unconfirmed.
 */
export class LinkWrites {
  constructor(
    private readonly dataSource: DataSource,
    private readonly country: ConnectedCountry,
    private readonly crossBorder: CrossBorderCalls,
  ) {}

  async proposeLink(
    caseId: string,
    otherCaseId: string,
    basis: LinkBasis,
    idempotency: Idempotency,
  ): Promise<CaseLink> {
    const hash = requestHashOf({ caseId, otherCaseId, basis });
    const prior = await priorResult(this.dataSource, 'proposeCaseLink', idempotency, hash);
    if (prior) return this.read(prior);
    const origin = await this.caseRow(this.dataSource.manager, caseId);
    const existing = await this.dataSource
      .getRepository(CaseLinkRow)
      .findOne({ where: { caseId, foreignCaseId: otherCaseId } });
    if (existing) {
      throw contractError(
        ErrorCode.INVALID_LINK_TRANSITION,
        `${caseId} and ${otherCaseId} are already linked or proposed (${existing.id}).`,
        { id: existing.id },
      );
    }
    const now = new Date();
    const id = await runWriteTransaction(this.dataSource, async (manager) => {
      const raced = await priorResult(manager, 'proposeCaseLink', idempotency, hash);
      if (raced) return raced;
      const local = await nextLocalId(
        manager,
        CaseLinkRow,
        `${this.country}:CaseLink:`,
        now.getUTCFullYear(),
      );
      const linkId = formatGlobalId(this.country, 'CaseLink', local);
      await manager.getRepository(CaseLinkRow).insert({
        id: linkId,
        owned: true,
        caseSeq: origin.seq,
        caseId,
        foreignCaseId: otherCaseId,
        foreignCountry: parseGlobalId(otherCaseId, 'Case').country,
        basis,
        confirmedBy: this.country,
        createdMonth: now.toISOString().slice(0, 7),
      });
      await recordResult(manager, 'proposeCaseLink', idempotency, hash, linkId);
      return linkId;
    });
    return this.read(id);
  }

  async confirmLink(id: string, idempotency: Idempotency): Promise<CaseLink> {
    const hash = requestHashOf(id);
    if (await priorResult(this.dataSource, 'confirmCaseLink', idempotency, hash)) return this.read(id);
    const row = await this.ownedRow(id);
    if (splitCodes(row.confirmedBy).includes(row.foreignCountry)) {
      throw contractError(
        ErrorCode.INVALID_LINK_TRANSITION,
        `${id} is already confirmed by ${row.foreignCountry}.`,
        { id },
      );
    }
    await remoteStep(this.crossBorder, row.foreignCountry, 'store its side of the link', MIRROR_CASE_LINK, {
      country: row.foreignCountry,
      linkId: id,
    });
    await runWriteTransaction(this.dataSource, async (manager) => {
      if (await priorResult(manager, 'confirmCaseLink', idempotency, hash)) return;
      await manager
        .getRepository(CaseLinkRow)
        .update({ id, owned: true }, { confirmedBy: bothCountries(this.country, row.foreignCountry) });
      await manager.getRepository(CaseRow).update({ seq: row.caseSeq }, { hasLinks: true });
      await recordResult(manager, 'confirmCaseLink', idempotency, hash, id);
    });
    return this.read(id);
  }

  /** The confirming side: this country's mirror of a link another country proposed, read back from it first. */
  async mirrorLink(id: string): Promise<CaseLink> {
    const once = oncePer(id);
    const hash = requestHashOf(id);
    if (await priorResult(this.dataSource, 'mirrorCaseLink', once, hash)) return this.readMirror(id);
    const proposer = parseGlobalId(id, 'CaseLink').country;
    const { caseLink } = await remoteStep<{ caseLink: RemoteLink | null }>(
      this.crossBorder,
      proposer,
      'read the proposed link',
      PROPOSED_LINK,
      { id },
    );
    const ownCaseId = caseLink?.caseB?.id;
    if (
      !caseLink ||
      !caseLink.caseA ||
      !ownCaseId ||
      parseGlobalId(ownCaseId, 'Case').country !== this.country
    ) {
      throw contractError(
        ErrorCode.NOT_FOUND,
        `${proposer} does not serve ${id} as a link to a case of ${this.country}.`,
      );
    }
    const foreignCaseId = caseLink.caseA.id;
    await runWriteTransaction(this.dataSource, async (manager) => {
      if (await priorResult(manager, 'mirrorCaseLink', once, hash)) return;
      const own = await this.caseRow(manager, ownCaseId);
      await manager.getRepository(CaseLinkRow).insert({
        id,
        owned: false,
        caseSeq: own.seq,
        caseId: ownCaseId,
        foreignCaseId,
        foreignCountry: proposer,
        basis: caseLink.basis,
        confirmedBy: bothCountries(this.country, proposer),
        createdMonth: caseLink.createdMonth,
      });
      await manager.getRepository(CaseRow).update({ seq: own.seq }, { hasLinks: true });
      await recordResult(manager, 'mirrorCaseLink', once, hash, id);
    });
    return this.readMirror(id);
  }

  private async caseRow(manager: EntityManager, caseId: string): Promise<CaseRow> {
    const row = await manager.getRepository(CaseRow).findOne({ where: { id: caseId } });
    if (!row)
      throw contractError(ErrorCode.NOT_FOUND, `${caseId} is not a case of ${this.country}.`, { id: caseId });
    return row;
  }

  private async ownedRow(id: string): Promise<CaseLinkRow> {
    const row = await this.dataSource.getRepository(CaseLinkRow).findOne({ where: { id, owned: true } });
    if (!row)
      throw contractError(ErrorCode.NOT_FOUND, `${id} is not a link ${this.country} proposed.`, { id });
    return row;
  }

  private async read(id: string): Promise<CaseLink> {
    return toCaseLink(await this.ownedRow(id));
  }

  private async readMirror(id: string): Promise<CaseLink> {
    const row = await this.dataSource
      .getRepository(CaseLinkRow)
      .findOneOrFail({ where: { id, owned: false } });
    return toCaseLink(row);
  }
}

interface RemoteLink {
  id: string;
  basis: LinkBasis;
  createdMonth: string;
  caseA: { id: string } | null;
  caseB: { id: string } | null;
}
