import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { CROSS_BORDER_OPERATIONS } from '@nordic/schema';

/** One registered operation, as in Apollo's persisted query manifest format. */
export interface ManifestOperation {
  /** sha256 (hex) of `body`: the id clients send as `extensions.persistedQuery.sha256Hash`. */
  id: string;
  name: string;
  type: 'query' | 'mutation' | 'subscription';
  body: string;
}

export interface PersistedQueryManifest {
  format: 'apollo-persisted-query-manifest';
  version: 1;
  operations: ManifestOperation[];
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A manifest entry for an operation's text (the id is the text's sha256, as in the APQ protocol). */
export function manifestOperation(body: string): ManifestOperation {
  const match = /^\s*(query|mutation|subscription)\s+(\w+)/.exec(body);
  return {
    id: sha256Hex(body),
    name: match?.[2] ?? '',
    type: (match?.[1] as ManifestOperation['type'] | undefined) ?? 'query',
    body,
  };
}

/**
 * Reads a manifest into id → document text. Every id must be its body's sha256, so a tampered or
 * hand-edited entry is refused at start rather than trusted.
 */
export function loadManifest(file: string): Map<string, string> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read the trusted documents manifest ${file}: ${(error as Error).message}`);
  }
  const manifest = raw as Partial<PersistedQueryManifest>;
  if (manifest.format !== 'apollo-persisted-query-manifest' || !Array.isArray(manifest.operations))
    throw new Error(
      `${file} is not a persisted query manifest (format "apollo-persisted-query-manifest" with operations); generate one with npm run persisted:dashboard.`,
    );
  const documents = new Map<string, string>();
  for (const operation of manifest.operations) {
    if (typeof operation?.body !== 'string' || operation.id !== sha256Hex(operation.body))
      throw new Error(
        `${file}: operation ${JSON.stringify(operation?.name ?? operation?.id)} has an id that is not the sha256 of its body; regenerate the manifest.`,
      );
    documents.set(operation.id, operation.body);
  }
  return documents;
}

/**
 * The documents a trusted-documents gateway runs: its manifest's, and the operations national services
 * send through it to take cross-border steps (`CROSS_BORDER_OPERATIONS`), without which accepting a
 * referral, confirming a link or matching a person would be refused. Those run under the same checks
 * as any request: the caller's token, purpose and each country's policy.
 */
export function trustedDocumentsOf(file: string): Map<string, string> {
  const documents = loadManifest(file);
  for (const body of CROSS_BORDER_OPERATIONS) documents.set(sha256Hex(body), body);
  return documents;
}
