/**
 * Field scopes: the contract marks, with type-graphql's `@Authorized(scope)`, the fields that are
 * narrower than their type. The owning country's policy decides what each scope means for the caller
 * (`AccessPolicy.field`); `fieldScopeChecker` (fieldScopeChecker.ts) is the single auth checker of the
 * partitioned subgraphs.
 *
 * - `DOMESTIC`: never shown to a caller from another country, even one that may read the record —
 *   a foreign coordinator sees a shared case as its cross-border summary (the fields a referral
 *   payload and a linked-case timeline need), nothing else.
 * - `OWN_POLICE`: police information, for the owning country's police liaisons only.
 */
export const FieldScope = {
  DOMESTIC: 'DOMESTIC',
  OWN_POLICE: 'OWN_POLICE',
} as const;
export type FieldScope = (typeof FieldScope)[keyof typeof FieldScope];
