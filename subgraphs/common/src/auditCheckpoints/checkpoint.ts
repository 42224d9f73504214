import { CompactSign, type JWK, compactVerify, decodeProtectedHeader, importJWK } from 'jose';
import { z } from 'zod';
import type { ServicePublicKey, ServiceSigningKey } from './serviceKeys';

/**
 * A signed statement of a country's audit-log head: "my audit log had `seq` events at `at`, and the
 * keyed hash of event `seq` was `head`" (seq 0 and 64 zeros for an empty log). Published outside the
 * country's database — to the network registry and to witness countries — so that whoever administers
 * that database cannot later cut the log short or rewrite it without contradicting what others hold.
 */
export interface AuditCheckpoint {
  country: string;
  seq: number;
  head: string;
  /** When the head was read, ISO 8601 UTC with milliseconds. */
  at: string;
}

/** A witness's countersignature: "I, `witness`, saw this checkpoint at `witnessedAt`". */
export interface AuditCosignature extends AuditCheckpoint {
  witness: string;
  witnessedAt: string;
}

const CHECKPOINT_TYPE = 'nordic-audit-checkpoint/v1';
const COSIGNATURE_TYPE = 'nordic-audit-cosignature/v1';
/** How far ahead of the receiver's clock a checkpoint's time may be. */
const MAX_CLOCK_SKEW_MS = 5 * 60_000;

const isoUtc = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, { message: 'must be ISO 8601 UTC' });
const checkpointSchema = z
  .object({
    typ: z.literal(CHECKPOINT_TYPE),
    country: z.string().regex(/^[A-Z]{2}$/),
    seq: z.number().int().min(0).max(2_147_483_647),
    head: z.string().regex(/^[0-9a-f]{64}$/),
    at: isoUtc,
  })
  .strict();

/** A refused checkpoint: `code` is the contract's error code, `message` says what is wrong. */
export class CheckpointRefusal extends Error {
  override readonly name = 'CheckpointRefusal';
  constructor(
    readonly code: 'AUDIT_CHECKPOINT_INVALID' | 'AUDIT_CHECKPOINT_CONFLICT',
    message: string,
  ) {
    super(message);
  }
}

async function sign(key: ServiceSigningKey, typ: string, payload: object): Promise<string> {
  const privateKey = await importJWK(key.jwk, 'EdDSA');
  return new CompactSign(new TextEncoder().encode(JSON.stringify({ typ, ...payload })))
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: 'JWS' })
    .sign(privateKey);
}

/** Signs this country's checkpoint with its service key. */
export function signCheckpoint(
  key: ServiceSigningKey,
  checkpoint: Omit<AuditCheckpoint, 'country'>,
): Promise<string> {
  return sign(key, CHECKPOINT_TYPE, {
    country: key.country,
    seq: checkpoint.seq,
    head: checkpoint.head,
    at: checkpoint.at,
  });
}

/** Countersigns a (verified) checkpoint of another country as its witness. */
export function cosignCheckpoint(
  key: ServiceSigningKey,
  checkpoint: AuditCheckpoint,
  witnessedAt: string,
): Promise<string> {
  return sign(key, COSIGNATURE_TYPE, { ...checkpoint, witness: key.country, witnessedAt });
}

async function verified(
  jws: unknown,
  keys: readonly ServicePublicKey[],
): Promise<{ key: ServicePublicKey; payload: unknown }> {
  const invalid = (why: string) => new CheckpointRefusal('AUDIT_CHECKPOINT_INVALID', why);
  if (typeof jws !== 'string' || jws.length > 4096 || jws.split('.').length !== 3)
    throw invalid('the checkpoint must be a compact JWS (header.payload.signature)');
  let header;
  try {
    header = decodeProtectedHeader(jws);
  } catch {
    throw invalid('the checkpoint is not a readable JWS');
  }
  if (header.alg !== 'EdDSA')
    throw invalid(`the checkpoint must be signed with EdDSA (Ed25519), not ${String(header.alg)}`);
  const key = keys.find((k) => k.kid === header.kid);
  if (!key)
    throw invalid(
      `no service key "${String(header.kid)}" is configured here: sign with your country's published service key`,
    );
  try {
    const { payload } = await compactVerify(jws, await importJWK(key.jwk as JWK, 'EdDSA'));
    return { key, payload: JSON.parse(new TextDecoder().decode(payload)) };
  } catch {
    throw invalid(`the signature does not verify with service key "${key.kid}" of ${key.country}`);
  }
}

/**
 * Verifies a checkpoint against the configured service keys: signed with EdDSA by the key its header
 * names, that key belonging to the country the checkpoint speaks for, and well formed. Throws a
 * CheckpointRefusal (AUDIT_CHECKPOINT_INVALID) otherwise.
 */
export async function verifyCheckpoint(
  jws: unknown,
  keys: readonly ServicePublicKey[],
  now: Date = new Date(),
): Promise<AuditCheckpoint> {
  const { key, payload } = await verified(jws, keys);
  const parsed = checkpointSchema.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CheckpointRefusal(
      'AUDIT_CHECKPOINT_INVALID',
      `the checkpoint's ${issue?.path.join('.') || 'payload'} is not valid (${issue?.message})`,
    );
  }
  const { typ: _typ, ...checkpoint } = parsed.data;
  if (checkpoint.country !== key.country)
    throw new CheckpointRefusal(
      'AUDIT_CHECKPOINT_INVALID',
      `the checkpoint speaks for ${checkpoint.country} but is signed with the service key of ${key.country}`,
    );
  if (Date.parse(checkpoint.at) > now.getTime() + MAX_CLOCK_SKEW_MS)
    throw new CheckpointRefusal(
      'AUDIT_CHECKPOINT_INVALID',
      `the checkpoint's time ${checkpoint.at} is in the future`,
    );
  return checkpoint;
}

/** Verifies a witness's countersignature (signed by the witness's own service key). */
export async function verifyCosignature(
  jws: unknown,
  keys: readonly ServicePublicKey[],
): Promise<AuditCosignature> {
  const { key, payload } = await verified(jws, keys);
  const p = payload as Partial<AuditCosignature> & { typ?: string };
  if (p.typ !== COSIGNATURE_TYPE || p.witness !== key.country)
    throw new CheckpointRefusal('AUDIT_CHECKPOINT_INVALID', `not a countersignature by ${key.country}`);
  return p as AuditCosignature;
}
