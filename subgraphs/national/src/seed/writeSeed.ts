import { type SeedCountry } from './seedCountries';
import { formatGlobalId } from '@nordic/schema';
import type { DataSource } from 'typeorm';
import {
  AssistanceRow,
  CaseRow,
  ExploitationRow,
  IndicatorRow,
  TraffickingEventRow,
} from '../cases/case.entity';
import { caseRowValues } from '../cases/case.mapper';
import { caseChildRows } from '../cases/caseRows';
import { joinCodes } from '../codeListColumns';
import { PersonIdentityRow } from '../identity/personIdentity.entity';
import { CaseLinkRow } from '../links/caseLink.entity';
import { ReferralRow } from '../referrals/referral.entity';
import { focalPointOf } from '../referrals/referral.mapper';
import { type PayloadSource, buildReferralPayload } from '../referrals/referralPayload';
import { seedRecordKey } from '../statistics/cellKeyPerturbation';
import { BulkInserter } from './bulkInsert';
import { generateCases, generateLinks, generateReferrals } from './generateCases';
import type { SeedOptions } from './syntheticCase';

export interface SeedReport {
  cases: number;
  rows: number;
  referrals: number;
  links: number;
  seconds: number;
}

/**
 * Writes a country's synthetic data in one transaction: all of it, or (on any error) nothing.
 * Cases stream from the generator, so memory stays flat at a million cases.
 */
export async function seedCountry(
  dataSource: DataSource,
  country: SeedCountry,
  options: SeedOptions,
  onProgress?: (cases: number) => void,
): Promise<SeedReport> {
  const started = process.hrtime.bigint();
  const referrals = generateReferrals(country, options);
  const links = generateLinks(country, options);
  const linkedLocals = new Set(links.map((l) => l.caseLocal));
  const referredLocals = new Set(referrals.map((r) => r.caseLocal));
  const seqByLocal = new Map<string, number>();
  const payloadSources = new Map<string, PayloadSource>();

  const runner = dataSource.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  try {
    const [{ next }] = (await runner.query('SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM cases')) as [
      { next: number },
    ];
    let seq = Number(next);
    let reported = 0;
    const cases = new BulkInserter(dataSource, runner, CaseRow, { explicitKeys: true });
    const exploitations = new BulkInserter(dataSource, runner, ExploitationRow, { explicitKeys: false });
    const events = new BulkInserter(dataSource, runner, TraffickingEventRow, { explicitKeys: false });
    const indicators = new BulkInserter(dataSource, runner, IndicatorRow, { explicitKeys: false });
    const assistance = new BulkInserter(dataSource, runner, AssistanceRow, { explicitKeys: false });
    const identities = new BulkInserter(dataSource, runner, PersonIdentityRow, { explicitKeys: true });

    for (const c of generateCases(country, options)) {
      const caseSeq = seq++;
      await cases.add({
        seq: caseSeq,
        ...caseRowValues(country, c.local, c, linkedLocals.has(c.local), true),
        recordKey: seedRecordKey(country, 'Case', c.local),
      });
      const children = caseChildRows(caseSeq, c);
      for (const row of children.exploitations) await exploitations.add(row);
      for (const row of children.events) await events.add(row);
      for (const row of children.indicators) await indicators.add(row);
      for (const row of children.assistance) await assistance.add(row);
      await identities.add({ caseSeq, ...c.identity });
      if (linkedLocals.has(c.local) || referredLocals.has(c.local)) seqByLocal.set(c.local, caseSeq);
      if (referredLocals.has(c.local)) {
        payloadSources.set(c.local, {
          sex: c.sex,
          ageBand: c.ageBand,
          minorAtExploitation: c.minorAtExploitation,
          citizenship: c.citizenship,
          languages: c.languages,
          exploitationForms: c.exploitations.map((e) => e.form),
          safetyRiskLevel: c.safetyRiskLevel,
        });
      }
      if (onProgress && seq - Number(next) - reported >= 50_000) {
        reported = seq - Number(next);
        onProgress(reported);
      }
    }
    for (const inserter of [cases, exploitations, events, indicators, assistance, identities])
      await inserter.flush();

    const referralRows = new BulkInserter(dataSource, runner, ReferralRow, { explicitKeys: false });
    for (const r of referrals) {
      const caseSeq = seqByLocal.get(r.caseLocal);
      const source = payloadSources.get(r.caseLocal);
      if (caseSeq === undefined || !source)
        throw new Error(`referral ${r.local} names unknown case ${r.caseLocal}`);
      await referralRows.add({
        id: formatGlobalId(country, 'Referral', r.local),
        caseSeq,
        caseId: formatGlobalId(country, 'Case', r.caseLocal),
        toCountry: r.toCountry,
        fromContactId: focalPointOf(country),
        toContactId: focalPointOf(r.toCountry),
        toOrgId: r.toOrganisationId,
        reason: r.reason,
        urgency: r.urgency,
        purpose: r.purpose,
        legalBasis: r.legalBasis,
        payload: JSON.stringify(buildReferralPayload(source, r.needs)),
        consentRecorded: r.consentRecorded,
        status: r.status,
        recordKey: seedRecordKey(country, 'Referral', r.local),
        year: Number((r.sentAt ?? r.expiresAt).toISOString().slice(0, 4)),
        sentAt: r.sentAt?.toISOString() ?? null,
        respondedAt: r.respondedAt?.toISOString() ?? null,
        responseNote: r.responseNote,
        destinationCaseId: r.destinationCaseId,
        expiresAt: r.expiresAt.toISOString(),
      });
    }
    await referralRows.flush();

    const linkRows = new BulkInserter(dataSource, runner, CaseLinkRow, { explicitKeys: false });
    for (const l of links) {
      const caseSeq = seqByLocal.get(l.caseLocal);
      if (caseSeq === undefined) throw new Error(`link ${l.id} names unknown case ${l.caseLocal}`);
      await linkRows.add({
        id: l.id,
        owned: l.id.startsWith(`${country}:`),
        caseSeq,
        caseId: formatGlobalId(country, 'Case', l.caseLocal),
        foreignCaseId: l.foreignCaseId,
        foreignCountry: l.foreignCaseId.slice(0, 2),
        basis: l.basis,
        confirmedBy: joinCodes(l.confirmedBy),
        createdMonth: l.createdMonth,
      });
    }
    await linkRows.flush();

    if (dataSource.options.type === 'postgres') {
      // Keys were assigned explicitly; move the sequence past them so later inserts do not collide.
      await runner.query(
        `SELECT setval(pg_get_serial_sequence('cases', 'seq'), (SELECT MAX(seq) FROM cases))`,
      );
    }
    await runner.commitTransaction();
    // Fresh planner statistics (and, on PostgreSQL, a visibility map for index-only scans) after a bulk load.
    await runner.query(dataSource.options.type === 'postgres' ? 'VACUUM ANALYZE' : 'ANALYZE');
    const rows = [
      cases,
      exploitations,
      events,
      indicators,
      assistance,
      identities,
      referralRows,
      linkRows,
    ].reduce((sum, i) => sum + i.written, 0);
    return {
      cases: cases.written,
      rows,
      referrals: referralRows.written,
      links: linkRows.written,
      seconds: Number(process.hrtime.bigint() - started) / 1e9,
    };
  } catch (error) {
    await runner.rollbackTransaction();
    throw error;
  } finally {
    await runner.release();
  }
}
