import {
  AUDIT_CHECKPOINTS_PATH,
  type AuditCheckpoint,
  type ServicePublicKey,
  verifyCheckpoint,
  verifyCosignature,
} from '@nordic/subgraph-common';
import type { DataSource } from 'typeorm';
import { AuditEventRow } from './auditEvent.entity';
import { type AuditChainVerification, verifyAuditChain } from './verifyChain';

/** Where a checkpoint was read: `registry`, or the witness country's code. */
export interface WitnessedCheckpoint extends AuditCheckpoint {
  source: string;
}

export interface CheckpointSource {
  name: string;
  url: string;
}

/** A finding of `audit:verify`: what is wrong, from which event on. */
export interface AuditFinding {
  kind: 'TRUNCATION' | 'REWRITE' | 'UNVERIFIABLE_CHECKPOINT';
  seq: number;
  message: string;
}

export interface AuditReport {
  findings: AuditFinding[];
  /** What was checked and found fine, one line each. */
  fine: string[];
}

/**
 * Reads the checkpoints of `country` held by each source (`GET /audit/checkpoints/<CC>`) and keeps only
 * those whose signature verifies with the country's service key — the sources are not trusted, the
 * signatures are; a witness's entries must also carry its own valid countersignature. A checkpoint that
 * does not verify is reported (someone put it there, or changed it). Throws when a source cannot be read.
 */
export async function fetchWitnessedCheckpoints(
  country: string,
  sources: readonly CheckpointSource[],
  keys: readonly ServicePublicKey[],
): Promise<{ checkpoints: WitnessedCheckpoint[]; findings: AuditFinding[]; counts: Record<string, number> }> {
  const checkpoints: WitnessedCheckpoint[] = [];
  const findings: AuditFinding[] = [];
  const counts: Record<string, number> = {};
  for (const source of sources) {
    let body: { checkpoints?: { seq: number; checkpoint: string; cosignature: string | null }[] };
    try {
      const response = await fetch(`${source.url}${AUDIT_CHECKPOINTS_PATH}/${country}`, {
        signal: AbortSignal.timeout(10_000),
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      body = (await response.json()) as typeof body;
    } catch (error) {
      throw new Error(
        `cannot read the checkpoints held by ${source.name} at ${source.url}: ${(error as Error).message}`,
      );
    }
    counts[source.name] = 0;
    for (const entry of body.checkpoints ?? []) {
      try {
        const checkpoint = await verifyCheckpoint(entry.checkpoint, keys, new Date(8.64e15));
        if (checkpoint.country !== country) throw new Error(`it is ${checkpoint.country}'s`);
        if (source.name !== 'registry') {
          const cosigned = await verifyCosignature(entry.cosignature, keys);
          if (
            cosigned.witness !== source.name ||
            cosigned.seq !== checkpoint.seq ||
            cosigned.head !== checkpoint.head
          )
            throw new Error(`its countersignature is not ${source.name}'s of this checkpoint`);
        }
        checkpoints.push({ ...checkpoint, source: source.name });
        counts[source.name] += 1;
      } catch (error) {
        findings.push({
          kind: 'UNVERIFIABLE_CHECKPOINT',
          seq: Number(entry.seq),
          message: `a checkpoint held by ${source.name} (seq ${String(entry.seq)}) does not verify: ${(error as Error).message}`,
        });
      }
    }
  }
  return { checkpoints, findings, counts };
}

const range = (from: number, to: number) =>
  from === to ? `event seq ${from} is` : `events seq ${from}–${to} are`;

/**
 * Compares a verified (or broken) chain with the witnessed checkpoints:
 * - TRUNCATION: the log ends below the highest witnessed seq (the tail was cut, or the log was replaced
 *   by a shorter one);
 * - REWRITE: the chain does not verify with the key (an edited, deleted or re-chained event), or an
 *   event's stored hash differs from the head witnessed at its seq.
 */
export function compareWithCheckpoints(
  chain: AuditChainVerification,
  lastStoredSeq: number,
  checkpoints: readonly WitnessedCheckpoint[],
): AuditReport {
  const findings: AuditFinding[] = [];
  const fine: string[] = [];
  if (chain.ok) fine.push(`chain: ${chain.rows} events, every hash verifies with the chain key`);
  else
    findings.push({
      kind: 'REWRITE',
      seq: chain.firstBrokenSeq,
      message: `event seq ${chain.firstBrokenSeq}: ${chain.reason}`,
    });

  const highest = [...checkpoints].sort((a, b) => b.seq - a.seq || b.at.localeCompare(a.at))[0];
  if (highest && lastStoredSeq < highest.seq) {
    findings.push({
      kind: 'TRUNCATION',
      seq: lastStoredSeq + 1,
      message: `the log ends at seq ${lastStoredSeq} but ${highest.source} witnessed seq ${highest.seq} at ${highest.at}: ${range(lastStoredSeq + 1, highest.seq)} missing (the tail was cut)`,
    });
  }
  const verifiedUpTo = chain.ok ? lastStoredSeq : chain.firstBrokenSeq - 1;
  const heads = chain.ok ? (chain.heads ?? new Map<number, string>()) : new Map<number, string>();
  let matched = 0;
  const rewritten = new Set<number>();
  for (const c of checkpoints) {
    if (c.seq === 0 || c.seq > verifiedUpTo || !chain.ok) continue;
    if (heads.get(c.seq) === c.head) matched += 1;
    else if (!rewritten.has(c.seq)) {
      rewritten.add(c.seq);
      findings.push({
        kind: 'REWRITE',
        seq: c.seq,
        message: `event seq ${c.seq} is not the one ${c.source} witnessed at ${c.at} (another head hash): the log was rewritten up to there`,
      });
    }
  }
  if (!highest) fine.push('checkpoints: none held by the sources asked');
  else if (findings.length === 0)
    fine.push(
      `checkpoints: ${checkpoints.length} witnessed, the newest at seq ${highest.seq} (${highest.source}, ${highest.at}); the log holds every witnessed head (${matched} compared)${lastStoredSeq > highest.seq ? `; ${lastStoredSeq - highest.seq} newer events are not witnessed yet` : ''}`,
    );
  return { findings, fine };
}

/** Verifies the chain with the key and compares it with the checkpoints: the whole `audit:verify`. */
export async function auditAgainstCheckpoints(
  dataSource: DataSource,
  key: Buffer,
  checkpoints: readonly WitnessedCheckpoint[],
  options: { batchSize?: number } = {},
): Promise<AuditReport & { chain: AuditChainVerification; lastStoredSeq: number }> {
  const chain = await verifyAuditChain(dataSource, key, {
    batchSize: options.batchSize,
    heads: checkpoints.map((c) => c.seq),
  });
  const [last] = await dataSource.getRepository(AuditEventRow).find({
    select: { seq: true },
    order: { seq: 'DESC' },
    take: 1,
  });
  const lastStoredSeq = last?.seq ?? 0;
  return { ...compareWithCheckpoints(chain, lastStoredSeq, checkpoints), chain, lastStoredSeq };
}
