import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { coordinatorOf, tokenFor } from '../support/auth';
import { errorCodes, postGraphql } from '../support/graphql';
import { policyTable } from '../support/policyTables';
import { type RunningProcess, startNational, tempDir } from '../support/services';

/**
 * The write table of docs/security/enforcement-point.md ("Writes of cases"): for every role set and
 * relation, an update of a case on a Finnish national service reached directly is allowed or refused as
 * the page says, and audited so (ALLOWED with the granting role and the changed field names, or DENIED).
 */

const ROWS = policyTable('writes');
const RELATIONS = ['OWN_ORG', 'OTHER_ORG', 'FOREIGN'] as const;

const OWN = 'FI:Organisation:nas';
const OTHER = 'FI:Organisation:other-ngo';
const year = new Date().getUTCFullYear();
const input = (sex: string, responsibleOrgId: string) => ({
  registeringOrgType: 'NGO',
  openedMonth: `${year}-01`,
  status: 'ACTIVE',
  sex,
  ageBand: 'A30_38',
  identification: { status: 'POTENTIAL', decidedByOrgType: 'OTHER' },
  exploitations: [{ form: 'FORCED_BEGGING', country: 'FI' }],
  responsibleOrgId,
});
const REGISTER = `mutation($input: CaseInput!, $key: String!) {
  registerCase(country: FI, input: $input, idempotencyKey: $key) { id version } }`;
const UPDATE = `mutation($id: ID!, $input: CaseInput!, $key: String!) {
  updateCase(id: $id, expectedVersion: 1, input: $input, idempotencyKey: $key) { id version subject { sex } } }`;
const AUDIT = `query($id: ID!) { auditEvents(country: FI, entityId: $id, first: 20) {
  nodes { action outcome role reason changedFields } } }`;
const READ = `query($id: ID!) { case(id: $id) { version subject { sex } } }`;

const CASES = ROWS.flatMap(([roles, ...rest]) =>
  RELATIONS.map((relation, i) => ({
    roles: (roles as string).split(', '),
    relation,
    outcome: rest[i] as 'allowed' | 'refused',
    grantedBy: rest[RELATIONS.length] as string,
  })),
);

describe('the write table of the enforcement point, against a national service reached directly', () => {
  let finland: RunningProcess;
  let coordinator: string;
  let auditor: string;

  beforeAll(async () => {
    finland = await startNational({
      country: 'FI',
      database: `sqlite:${join(tempDir('case-write-matrix'), 'fi.sqlite')}`,
      seed: false,
    });
    coordinator = await coordinatorOf('FI');
    auditor = await tokenFor({ country: 'FI', roles: ['AUDITOR'], subject: 'fi-matrix-auditor' });
  }, 120_000);
  afterAll(() => finland?.stop());

  it('has a row for every role set', () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(10);
  });

  it.each(CASES)(
    '$roles on a case related $relation: $outcome',
    async ({ roles, relation, outcome, grantedBy }) => {
      const url = `${finland.url}/graphql`;
      const organisation = relation === 'OTHER_ORG' ? OTHER : OWN;
      const registered = await postGraphql(
        url,
        REGISTER,
        { input: input('FEMALE', organisation), key: randomUUID() },
        { token: coordinator },
      );
      const id = registered.data?.registerCase.id as string;
      expect(id).toBeTruthy();
      const token = await tokenFor({
        country: relation === 'FOREIGN' ? 'SE' : 'FI',
        roles: roles as never,
        organisation: relation === 'FOREIGN' ? 'SE:Organisation:nsp' : OWN,
        subject: `matrix-${roles.join('-')}-${relation}`,
      });
      const answer = await postGraphql(
        url,
        UPDATE,
        { id, input: input('MALE', organisation), key: randomUUID() },
        { token },
      );
      const audit = await postGraphql(url, AUDIT, { id }, { token: auditor, purpose: 'AUDIT' });
      const writes = (audit.data?.auditEvents.nodes as any[]).filter((e) => e.action === 'WRITE');
      // Newest first: the write asked for, then the coordinator's registration.
      expect(writes).toHaveLength(2);
      const [last] = writes;
      if (outcome === 'allowed') {
        expect(answer.errors).toBeUndefined();
        expect(answer.data?.updateCase).toEqual({ id, version: 2, subject: { sex: 'MALE' } });
        expect(last).toMatchObject({ outcome: 'ALLOWED', role: grantedBy, changedFields: ['sex'] });
      } else {
        expect(errorCodes(answer)).toEqual(['FORBIDDEN']);
        expect(answer.data?.updateCase ?? null).toBeNull();
        expect(last).toMatchObject({ outcome: 'DENIED', reason: 'FORBIDDEN', changedFields: [] });
        const read = await postGraphql(url, READ, { id }, { token: coordinator });
        expect(read.data?.case).toEqual({ version: 1, subject: { sex: 'FEMALE' } });
      }
    },
  );
});
