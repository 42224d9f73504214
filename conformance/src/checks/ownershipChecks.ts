/**
 * A national service answers only for its own country: another country's ids, entity representations
 * and `countries:` arguments are refused with `NOT_OWNED_BY_THIS_COUNTRY`, on both endpoints.
 */
import type { AnswerData } from '../graphqlClient';
import { type Check, type Target, refusedWith } from './check';
import { PERSON_PURPOSE, foreignId, tokenOf } from './fixtures';

const NOT_OWNED = ['NOT_OWNED_BY_THIS_COUNTRY'];

interface Refusal {
  name: string;
  endpoint: 'national' | 'crossborder';
  role: string;
  purpose: string | null;
  query: (target: Target) => string;
  /** Where the refused data would be. */
  leaked: (data: AnswerData) => unknown;
}

const REFUSALS: Refusal[] = [
  {
    name: "another country's case id (case(id:)) is refused",
    endpoint: 'national',
    role: 'NATIONAL_COORDINATOR',
    purpose: PERSON_PURPOSE,
    query: (t) => `{ case(id: "${foreignId(t, 'Case')}") { id } }`,
    leaked: (d) => d.case,
  },
  {
    name: "another country's referral id (referral(id:)) is refused",
    endpoint: 'national',
    role: 'NATIONAL_COORDINATOR',
    purpose: 'CROSS_BORDER_REFERRAL',
    query: (t) => `{ referral(id: "${foreignId(t, 'Referral')}") { id } }`,
    leaked: (d) => d.referral,
  },
  {
    name: 'cases(countries:) naming only another country is refused',
    endpoint: 'national',
    role: 'NATIONAL_COORDINATOR',
    purpose: PERSON_PURPOSE,
    query: (t) => `{ cases(countries: [${t.foreignCountry}], first: 1) { country nodes { id } } }`,
    leaked: (d) => d.cases,
  },
  {
    name: 'referrals(countries:) naming only another country is refused',
    endpoint: 'national',
    role: 'NATIONAL_COORDINATOR',
    purpose: 'CROSS_BORDER_REFERRAL',
    query: (t) => `{ referrals(direction: OUTGOING, countries: [${t.foreignCountry}]) { id } }`,
    leaked: (d) => d.referrals,
  },
  {
    name: "another country's audit log (auditEvents(country:)) is refused",
    endpoint: 'national',
    role: 'AUDITOR',
    purpose: null,
    query: (t) => `{ auditEvents(country: ${t.foreignCountry}, first: 1) { nodes { id } } }`,
    leaked: (d) => d.auditEvents,
  },
  {
    name: "an _entities representation of another country's case is refused (national)",
    endpoint: 'national',
    role: 'NATIONAL_COORDINATOR',
    purpose: PERSON_PURPOSE,
    query: (t) =>
      `{ _entities(representations: [{ __typename: "Case", id: "${foreignId(t, 'Case')}" }]) { ... on Case { id } } }`,
    leaked: (d) => d._entities?.[0],
  },
  {
    name: "an _entities representation of another country's statistics is refused",
    endpoint: 'national',
    role: 'ANALYST',
    purpose: null,
    query: (t) =>
      `{ _entities(representations: [{ __typename: "Country", code: "${t.foreignCountry}" }]) { ... on Country { statistics(year: ${t.years.to}) { value } } } }`,
    leaked: (d) => d._entities?.[0]?.statistics,
  },
  {
    name: "an _entities representation of another country's case is refused (crossborder)",
    endpoint: 'crossborder',
    role: 'NATIONAL_COORDINATOR',
    purpose: PERSON_PURPOSE,
    query: (t) =>
      `{ _entities(representations: [{ __typename: "Case", id: "${foreignId(t, 'Case')}", country: ${t.foreignCountry} }]) { ... on Case { id links { id } } } }`,
    leaked: (d) => d._entities?.[0],
  },
  {
    name: 'caseLinks(countries:) naming only another country is refused (crossborder)',
    endpoint: 'crossborder',
    role: 'NATIONAL_COORDINATOR',
    purpose: PERSON_PURPOSE,
    query: (t) => `{ caseLinks(countries: [${t.foreignCountry}]) { id } }`,
    leaked: (d) => d.caseLinks,
  },
  {
    name: "a write on another country's referral (withdrawReferral) is refused",
    endpoint: 'national',
    role: 'NATIONAL_COORDINATOR',
    purpose: 'CROSS_BORDER_REFERRAL',
    query: (t) =>
      `mutation { withdrawReferral(idempotencyKey: "conformance-${t.runId}-foreign", id: "${foreignId(t, 'Referral')}") { id status } }`,
    leaked: (d) => d.withdrawReferral,
  },
];

export const ownershipChecks: Check[] = REFUSALS.map((refusal) => ({
  area: 'ownership',
  name: refusal.name,
  async run(target: Target) {
    const url = refusal.endpoint === 'national' ? target.nationalUrl : target.crossborderUrl;
    const answer = await target.client.post(url, refusal.query(target), {
      token: await tokenOf(target, refusal.role),
      purpose: refusal.purpose,
    });
    return refusedWith(answer, NOT_OWNED, refusal.leaked);
  },
}));
