/**
 * Descriptions of entities that more than one subgraph defines. Composition wants them identical,
 * so each lives here once.
 */
export const CASE_DESCRIPTION =
  'A pseudonymised trafficking case, owned and served by the country that registered it. Cross-border edges (links, origin referral) come from the crossborder subgraph as keys.';
export const REFERRAL_DESCRIPTION =
  'A cross-border referral, owned by the sending country; the receiving country sees only its shared payload.';
export const CONTACT_POINT_DESCRIPTION =
  'A functional contact point of the network directory; never a named member of staff.';
export const COUNTRY_DESCRIPTION =
  'A Nordic country or territory. The network registry owns its directory fields; each connected country answers the national fields (statistics) for itself.';
