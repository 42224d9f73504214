/**
 * What the checks ask an implementation for again and again: tokens of the roles the contract names, and
 * a few of the country's own case ids (discovered through the contract, once per run).
 */
import { FailCheck, SkipCheck, type Target, dataOf, memo, minter } from './check';

/** A valid token of `role` for this run (subject `conformance-<run>-<label>`). */
export function tokenOf(target: Target, role: string, label: string = role.toLowerCase()): Promise<string> {
  return minter(target).sign({ roles: [role], subject: subjectOf(target, label) });
}

export function subjectOf(target: Target, label: string): string {
  return `conformance-${target.runId}-${label}`;
}

export const PERSON_PURPOSE = 'VICTIM_ASSISTANCE_CONTINUITY';

/** A person-level listing every national coordinator may read (with PERSON_PURPOSE). */
export const CASE_LISTING = '{ cases(first: 1) { country totalCount nodes { id } } }';

/** Up to five ids of the country's active cases, newest first; skips the check when it has none. */
export function ownCaseIds(target: Target): Promise<string[]> {
  return memo(target, 'ownCaseIds', async () => {
    const answer = await target.client.post<{ cases: { nodes: { id: string }[] }[] }>(
      target.nationalUrl,
      '{ cases(first: 5, filter: { status: [ACTIVE] }) { nodes { id } } }',
      { token: await tokenOf(target, 'NATIONAL_COORDINATOR', 'discovery'), purpose: PERSON_PURPOSE },
    );
    const ids = dataOf(answer, 'the listing of active cases').cases.flatMap((page) =>
      page.nodes.map((n) => n.id),
    );
    return ids;
  });
}

export async function oneCaseId(target: Target): Promise<string> {
  const ids = await ownCaseIds(target).catch((error: unknown) => {
    if (error instanceof FailCheck) throw new SkipCheck(`no case to read: ${error.message}`);
    throw error;
  });
  if (ids.length === 0)
    throw new SkipCheck(`${target.country} has no active case to read (seed or import some)`);
  return ids[0] as string;
}

/** An id of the foreign country's, of the type given, that this implementation must refuse. */
export function foreignId(target: Target, type: string): string {
  return `${target.foreignCountry}:${type}:2024-000001`;
}
