/**
 * Descriptions of entities that more than one subgraph defines. Composition wants them identical,
 * so each lives here once.
 */
export const CASE_DESCRIPTION =
  'A pseudonymised trafficking case, owned and served by the country that registered it. Cross-border edges (links, origin referral) come from the crossborder subgraph as keys. A coordinator of another country reads a case only when an accepted referral or a confirmed link shares it with their country, and then only its cross-border summary (id, country, months, status, sex, age band, minority, citizenship, exploitation forms and countries, trafficking events); the other fields answer FORBIDDEN.';
export const REFERRAL_DESCRIPTION =
  'A cross-border referral, owned by the sending country; the receiving country sees only its shared payload.';
export const ORGANISATION_DESCRIPTION =
  'A public body or NGO in the network directory (institutions, never persons).';
export const CONTACT_POINT_DESCRIPTION =
  'A functional contact point of the network directory; never a named member of staff.';
export const COUNTRY_DESCRIPTION =
  'A Nordic country or territory. The network registry owns its directory fields; each connected country answers the national fields (statistics) for itself.';
