import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { CaseScope } from '../policy/accessPolicy';

/**
 * A caller's case scope (see `caseScope`) as an SQL condition on the `cases` table under `alias`: the
 * cases matching any of its parts; null for all cases. Column names are the stored ones, so it also
 * works inside a raw sub-query (e.g. a referral's case).
 */
export function caseScopeSql(
  scope: CaseScope | null,
  alias: string,
): { sql: string; params: Record<string, unknown> } | null {
  if (!scope) return null;
  const parts: string[] = [];
  // A caseworker without an organisation is refused by the policy; '' matches no case all the same.
  if (scope.organisation !== undefined) parts.push(`${alias}.responsible_org_id = :scopeOrganisation`);
  if (scope.investigated) parts.push(`${alias}.criminal_investigation_opened = :scopeInvestigated`);
  return {
    sql: `(${parts.length > 0 ? parts.join(' OR ') : '1 = 0'})`,
    params: { scopeOrganisation: scope.organisation ?? '', scopeInvestigated: true },
  };
}

/**
 * Keeps the rows (referrals, case links) whose case — `caseSeq`, a column holding `cases.seq` — is within
 * the caller's scope; the query unchanged when the scope covers all cases.
 */
export function withinCaseScope<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  scope: CaseScope | null,
  caseSeq: string,
): SelectQueryBuilder<T> {
  const condition = caseScopeSql(scope, 'sc');
  if (!condition) return query;
  return query.andWhere(
    `EXISTS (SELECT 1 FROM cases sc WHERE sc.seq = ${caseSeq} AND ${condition.sql})`,
    condition.params,
  );
}
