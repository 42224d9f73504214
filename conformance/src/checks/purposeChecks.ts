/**
 * Person-level reads and writes need a declared purpose (`x-purpose`) that the caller's role may use,
 * and a role that may read person-level records at all.
 */
import type { AnswerData } from '../graphqlClient';
import { type Check, type Target, dataOf, fail, pass, refusedWith } from './check';
import { oneCaseId, tokenOf } from './fixtures';

interface Case {
  name: string;
  role: string;
  purpose: string | null;
  query: (target: Target, caseId: string) => string;
  codes: string[];
  leaked: (data: AnswerData) => unknown;
}

const readCase = (_: Target, id: string) => `{ case(id: "${id}") { id } }`;

const REFUSALS: Case[] = [
  {
    name: 'a person-level read without a purpose is refused',
    role: 'NATIONAL_COORDINATOR',
    purpose: null,
    query: readCase,
    codes: ['PURPOSE_REQUIRED'],
    leaked: (d) => d.case,
  },
  {
    name: 'a person-level read with a purpose the role may not use (STATISTICS) is refused',
    role: 'NATIONAL_COORDINATOR',
    purpose: 'STATISTICS',
    query: readCase,
    codes: ['PURPOSE_NOT_ALLOWED'],
    leaked: (d) => d.case,
  },
  {
    name: 'a person-level read with a purpose the contract does not know is refused',
    role: 'NATIONAL_COORDINATOR',
    purpose: 'MARKETING',
    query: readCase,
    codes: ['PURPOSE_REQUIRED', 'PURPOSE_NOT_ALLOWED'],
    leaked: (d) => d.case,
  },
  {
    name: 'a referral sent with a purpose other than CROSS_BORDER_REFERRAL is refused',
    role: 'NATIONAL_COORDINATOR',
    purpose: 'VICTIM_ASSISTANCE_CONTINUITY',
    query: (t, id) =>
      `mutation { createReferral(idempotencyKey: "conformance-${t.runId}-purpose", caseId: "${id}", request: { toCountry: ${t.foreignCountry}, reason: OTHER, urgency: ROUTINE, needs: [SAFE_ACCOMMODATION], legalBasis: GDPR_6_1_E, consentRecorded: true }) { id } }`,
    codes: ['PURPOSE_NOT_ALLOWED'],
    leaked: (d) => d.createReferral,
  },
  {
    name: 'an analyst may not read a case, whatever the purpose',
    role: 'ANALYST',
    purpose: 'VICTIM_ASSISTANCE_CONTINUITY',
    query: readCase,
    codes: ['FORBIDDEN'],
    leaked: (d) => d.case,
  },
  {
    name: 'an auditor may not read a case',
    role: 'AUDITOR',
    purpose: 'AUDIT',
    query: readCase,
    codes: ['FORBIDDEN', 'PURPOSE_NOT_ALLOWED'],
    leaked: (d) => d.case,
  },
  {
    name: 'a coordinator may not read the audit log',
    role: 'NATIONAL_COORDINATOR',
    purpose: 'AUDIT',
    query: (t) => `{ auditEvents(country: ${t.country}, first: 1) { nodes { id } } }`,
    codes: ['FORBIDDEN'],
    leaked: (d) => d.auditEvents,
  },
];

const allowedPurpose: Check = {
  area: 'purposes and roles',
  name: 'a coordinator reads a case with an allowed purpose (VICTIM_ASSISTANCE_CONTINUITY)',
  async run(target) {
    const id = await oneCaseId(target);
    const answer = await target.client.post<{ case: { id: string } | null }>(
      target.nationalUrl,
      readCase(target, id),
      {
        token: await tokenOf(target, 'NATIONAL_COORDINATOR', 'purpose-allowed'),
        purpose: 'VICTIM_ASSISTANCE_CONTINUITY',
      },
    );
    const read = dataOf(answer, `case(id: "${id}")`).case;
    return read?.id === id ? pass(`read ${id}`) : fail(`answered ${JSON.stringify(read)} for ${id}`);
  },
};

const statisticsWithoutPurpose: Check = {
  area: 'purposes and roles',
  name: 'an analyst reads statistics without declaring a purpose',
  async run(target) {
    const answer = await target.client.post<{ _entities: { statistics: unknown[] | null }[] }>(
      target.nationalUrl,
      `{ _entities(representations: [{ __typename: "Country", code: "${target.country}" }]) { ... on Country { statistics(year: ${target.years.to}) { value } } } }`,
      { token: await tokenOf(target, 'ANALYST'), purpose: null },
    );
    const rows = dataOf(answer, 'statistics')._entities[0]?.statistics;
    return pass(`${rows?.length ?? 0} row(s)`);
  },
};

export const purposeChecks: Check[] = [
  allowedPurpose,
  ...REFUSALS.map((refusal): Check => ({
    area: 'purposes and roles',
    name: refusal.name,
    async run(target) {
      const id = await oneCaseId(target);
      const answer = await target.client.post(target.nationalUrl, refusal.query(target, id), {
        token: await tokenOf(target, refusal.role, `purpose-${refusal.role.toLowerCase()}`),
        purpose: refusal.purpose,
      });
      return refusedWith(answer, refusal.codes, refusal.leaked);
    },
  })),
  statisticsWithoutPurpose,
];
