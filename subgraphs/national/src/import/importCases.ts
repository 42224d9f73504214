import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import type { ConnectedCountry } from '@nordic/schema';
import type { DataSource } from 'typeorm';
import { type CaseRecordProblem, caseRecordProblems } from '../caseRecords/caseRecordProblems';
import type { LinkageKey } from '../matching/matchTokens';
import { type BatchCounts, type PreparedRecord, writeBatch } from './importBatch';
import { type SourceFormat, fieldInFile, readRecords } from './recordSource';
import { canonicalJson } from './canonicalJson';
import { referenceHash } from './referenceKey';
import { appendAuditEvents } from '../audit/auditLog';

/** Records per transaction: each batch is written whole or not at all. */
const DEFAULT_BATCH = 2000;

export interface ImportOptions {
  dataSource: DataSource;
  country: ConnectedCountry;
  file: string;
  format: SourceFormat;
  referenceKey: Buffer;
  /** The national service's linkage key (LINKAGE_KEY_FILE): match tokens are computed on write. */
  linkageKey: LinkageKey;
  /** Validate and compare with the store, then roll every batch back: nothing is written. */
  dryRun: boolean;
  /** Who runs the import (audited). */
  operator: string;
  /** The current month (YYYY-MM): later months are refused. */
  today: string;
  batchSize?: number;
  /** Called for every problem of every invalid record, in file order. */
  onProblem?: (problem: ReportedProblem) => void;
  /** Called after each batch. */
  onProgress?: (progress: ImportProgress) => void;
}

/** One problem of one invalid record, as the report lists it. */
export interface ReportedProblem extends Omit<CaseRecordProblem, 'code'> {
  /** A code of caseRecordProblems, or UNREADABLE_RECORD for a line that is not a record at all. */
  code: CaseRecordProblem['code'] | 'UNREADABLE_RECORD';
  /** Line of the file the record ends on (1 is the CSV header). */
  line: number;
}

export interface ImportProgress {
  /** Records read so far (valid or not). */
  records: number;
  bytesRead: number;
  bytesTotal: number;
  seconds: number;
  /**
   * Valid records held in memory when a batch was written: that batch and the part of the next one read
   * meanwhile, so never more than twice the batch size, however long the file (constant memory).
   */
  bufferedRecords: number;
}

export interface ImportSummary extends BatchCounts {
  file: string;
  /** SHA-256 of the file as read. */
  fileSha256: string;
  country: ConnectedCountry;
  dryRun: boolean;
  records: number;
  invalid: number;
  seconds: number;
}

/** SHA-256 of the record's content (without its reference): equal for an unchanged record. */
function contentHashOf(record: { sourceReference?: string }): string {
  const { sourceReference: _reference, ...content } = record;
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

/**
 * Imports a file of case records into a country's store (docs/national-teams.md "Importing your cases"):
 * streams it, validates each record with the same rules as the API, reports every invalid record and
 * goes on, and upserts the valid ones by their source reference in batches, each one transaction.
 */
export async function importCases(options: ImportOptions): Promise<ImportSummary> {
  const { dataSource, country } = options;
  const started = process.hrtime.bigint();
  const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
  const bytesTotal = statSync(options.file).size;
  const input = createReadStream(options.file);
  const digest = createHash('sha256');
  input.on('data', (chunk) => digest.update(chunk));
  const runId = randomBytes(16).toString('hex');
  const totals: BatchCounts = { created: 0, updated: 0, unchanged: 0, deleted: 0, deleteUnknown: 0 };
  let records = 0;
  let invalid = 0;

  const runner = dataSource.createQueryRunner();
  const client: unknown = await runner.connect();
  const audit = {
    actorId: `operator:${options.operator}`.slice(0, 128),
    actorOrg: `${country}:Organisation:case-import`,
    actorCountry: country,
    role: 'NATIONAL_COORDINATOR' as const,
    action: 'WRITE' as const,
    purpose: 'VICTIM_ASSISTANCE_CONTINUITY' as const,
    legalBasis: 'GDPR_9_2_G' as const,
    servingCountry: country,
    crossBorder: false,
    outcome: 'ALLOWED' as const,
    traceId: runId,
    queryHash: '0'.repeat(64),
  };

  let batch: PreparedRecord[] = [];
  let inBatch = new Set<string>();
  /** The batch being written, if any: the next one is read and validated meanwhile (at most one in flight). */
  let writing: Promise<void> | null = null;
  const write = async (records: readonly PreparedRecord[], read: number) => {
    await runner.startTransaction();
    try {
      const counts = await writeBatch(
        { dataSource, runner, client, country, linkageKey: options.linkageKey, audit },
        records,
      );
      if (options.dryRun) await runner.rollbackTransaction();
      else await runner.commitTransaction();
      for (const key of Object.keys(totals) as (keyof BatchCounts)[]) totals[key] += counts[key];
    } catch (error) {
      await runner.rollbackTransaction();
      throw error;
    }
    options.onProgress?.({
      records: read,
      bytesRead: input.bytesRead,
      bytesTotal,
      seconds: seconds(),
      bufferedRecords: records.length + batch.length,
    });
  };
  /**
   * Starts writing the batch once the one before it is written, and returns without waiting for it: on
   * PostgreSQL the server works on one batch while this process reads the next. Batches are written in
   * file order, one at a time, so at most two batches of records are held.
   */
  const flush = async () => {
    if (writing) await writing;
    writing = null;
    if (batch.length === 0) return;
    const full = batch;
    batch = [];
    inBatch = new Set();
    writing = write(full, records);
    // Awaited by the next flush (or at the end), which rethrows; this only keeps Node from calling it unhandled.
    writing.catch(() => undefined);
  };
  const report = (line: number, problems: readonly Omit<ReportedProblem, 'line'>[]) => {
    invalid += 1;
    for (const p of problems)
      options.onProblem?.({ line, ...p, field: fieldInFile(options.format, p.field) });
  };

  try {
    for await (const item of readRecords(input, options.format)) {
      records += 1;
      if ('problem' in item) {
        report(item.line, [item.problem]);
        continue;
      }
      const reference = item.raw.sourceReference;
      if (typeof reference !== 'string' || reference.trim() === '') {
        report(item.line, [
          {
            field: 'sourceReference',
            code: 'REQUIRED',
            message: 'sourceReference is required for an import: it is how a re-import finds the case',
            fix: "give the source system's own, stable reference of the record (its key or case number)",
          },
        ]);
        continue;
      }
      const result = caseRecordProblems(item.raw, { country, today: options.today });
      if ('problems' in result) {
        report(item.line, result.problems);
        continue;
      }
      const { record } = result;
      const prepared: PreparedRecord = {
        referenceHash: referenceHash(options.referenceKey, country, reference),
        contentHash: record.deleted === true ? '' : contentHashOf(record),
        record: record.deleted === true ? null : record,
      };
      // A reference twice in one batch: write the first before the second (the last one wins).
      if (inBatch.has(prepared.referenceHash)) await flush();
      batch.push(prepared);
      inBatch.add(prepared.referenceHash);
      if (batch.length >= (options.batchSize ?? DEFAULT_BATCH)) await flush();
    }
    await flush();
    if (writing) await writing;
    const summary: ImportSummary = {
      file: options.file,
      fileSha256: digest.digest('hex'),
      country,
      dryRun: options.dryRun,
      records,
      invalid,
      ...totals,
      seconds: seconds(),
    };
    if (!options.dryRun) {
      await runner.startTransaction();
      try {
        await appendAuditEvents(runner.manager, [
          {
            ...audit,
            entityType: 'ImportRun',
            entityIds: [],
            resultCount: totals.created + totals.updated + totals.deleted,
            reason: `IMPORT records=${records} created=${totals.created} updated=${totals.updated} deleted=${totals.deleted} invalid=${invalid}`,
            queryHash: summary.fileSha256,
          },
        ]);
        await runner.commitTransaction();
      } catch (error) {
        await runner.rollbackTransaction();
        throw error;
      }
    }
    return summary;
  } finally {
    input.destroy();
    // A batch still being written when reading failed: let it finish (or roll back) before releasing.
    if (writing) await (writing as Promise<void>).catch(() => undefined);
    await runner.release();
  }
}
