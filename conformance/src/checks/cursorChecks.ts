/**
 * Paging cursors are bound to the country, the query and the filter that issued them: a cursor is
 * accepted only where it came from, and refused elsewhere with `INVALID_CURSOR`.
 */
import { type Check, SkipCheck, type Target, dataOf, fail, memo, pass, refusedWith } from './check';
import { PERSON_PURPOSE, tokenOf } from './fixtures';

interface Page {
  cases: {
    country: string;
    pageInfo: { endCursor: string | null; hasNextPage: boolean };
    nodes: { id: string }[];
  }[];
}

const pageQuery = (filter: string, after: string | null) =>
  `{ cases(first: 2, filter: ${filter}${after === null ? '' : `, after: ${JSON.stringify(after)}`}) { country pageInfo { endCursor hasNextPage } nodes { id } } }`;

const ACTIVE = '{ status: [ACTIVE] }';
const CLOSED = '{ status: [CLOSED] }';

async function coordinatorRead(target: Target, query: string) {
  return target.client.post<Page>(target.nationalUrl, query, {
    token: await tokenOf(target, 'NATIONAL_COORDINATOR', 'cursors'),
    purpose: PERSON_PURPOSE,
  });
}

/** The first page of active cases and its cursor; skips when there is no second page. */
function firstPage(target: Target): Promise<{ ids: string[]; cursor: string }> {
  return memo(target, 'firstPage', async () => {
    const page = dataOf(
      await coordinatorRead(target, pageQuery(ACTIVE, null)),
      'the first page of active cases',
    ).cases[0];
    if (!page?.pageInfo.hasNextPage || !page.pageInfo.endCursor) {
      throw new SkipCheck(`${target.country} has fewer than three active cases: no cursor to examine`);
    }
    return { ids: page.nodes.map((n) => n.id), cursor: page.pageInfo.endCursor };
  });
}

const pagesOnUnderSameFilter: Check = {
  area: 'cursors',
  name: 'a cursor pages on under the filter that issued it',
  async run(target) {
    const first = await firstPage(target);
    const next = dataOf(await coordinatorRead(target, pageQuery(ACTIVE, first.cursor)), 'the second page')
      .cases[0];
    const ids = next?.nodes.map((n) => n.id) ?? [];
    if (ids.length === 0) return fail('the second page is empty although hasNextPage was true');
    const repeated = ids.filter((id) => first.ids.includes(id));
    if (repeated.length > 0) return fail(`the second page repeats ${repeated.join(', ')} of the first`);
    return pass(`second page: ${ids.join(', ')}`);
  },
};

const refusedUnderAnotherFilter: Check = {
  area: 'cursors',
  name: 'a cursor of one filter is refused under another',
  async run(target) {
    const { cursor } = await firstPage(target);
    return refusedWith(
      await coordinatorRead(target, pageQuery(CLOSED, cursor)),
      ['INVALID_CURSOR'],
      (d) => d.cases,
    );
  },
};

const refusedInAnotherQuery: Check = {
  area: 'cursors',
  name: 'a cursor of the case listing is refused by the audit log listing',
  async run(target) {
    const { cursor } = await firstPage(target);
    const answer = await target.client.post(
      target.nationalUrl,
      `{ auditEvents(country: ${target.country}, first: 1, after: ${JSON.stringify(cursor)}) { nodes { id } } }`,
      { token: await tokenOf(target, 'AUDITOR', 'cursors-auditor'), purpose: null },
    );
    return refusedWith(answer, ['INVALID_CURSOR'], (d) => d.auditEvents);
  },
};

const refusedWhenForged: Check = {
  area: 'cursors',
  name: 'a cursor the service did not issue is refused',
  async run(target) {
    return refusedWith(
      await coordinatorRead(target, pageQuery(ACTIVE, 'Zm9yZ2VkLWN1cnNvcg')),
      ['INVALID_CURSOR'],
      (d) => d.cases,
    );
  },
};

/**
 * A cursor is opaque, but when an implementation's cursor is readable (base64 of JSON naming its
 * country, as the reference service's), the same cursor naming another country must be refused.
 */
const refusedForAnotherCountry: Check = {
  area: 'cursors',
  name: 'a cursor edited to name another country is refused',
  async run(target) {
    const { cursor } = await firstPage(target);
    const text = Buffer.from(cursor, 'base64url').toString('utf8');
    const country = new RegExp(`\\b${target.country}\\b`, 'g');
    if (!text.startsWith('{') || !country.test(text)) {
      throw new SkipCheck(
        'the cursor is opaque (not JSON naming the country): the forged-cursor check covers it',
      );
    }
    const edited = Buffer.from(text.replace(country, target.foreignCountry)).toString('base64url');
    return refusedWith(
      await coordinatorRead(target, pageQuery(ACTIVE, edited)),
      ['INVALID_CURSOR'],
      (d) => d.cases,
    );
  },
};

export const cursorChecks: Check[] = [
  pagesOnUnderSameFilter,
  refusedUnderAnotherFilter,
  refusedInAnotherQuery,
  refusedWhenForged,
  refusedForAnotherCountry,
];
