import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { coordinatorOf, tokenFor } from '../support/auth';
import { ARTIFACTS, type HeadlessBrowser, launchChromium } from '../support/browser';
import { postGraphql } from '../support/graphql';
import { COUNTRIES, NordicNetwork } from '../support/nordicNetwork';

const CREATE = `mutation Create($caseId: ID!, $request: ReferralRequest!, $key: String!) {
  createReferral(caseId: $caseId, request: $request, idempotencyKey: $key) { id }
}`;

/** The dashboard's referral notifications in headless Chromium, with five national services running. */
describe('referral notifications in the dashboard', () => {
  const network = new NordicNetwork({ backend: 'sqlite' });
  let browser: HeadlessBrowser;
  let page: Page;

  beforeAll(async () => {
    await network.start();
    browser = await launchChromium();
    page = await browser.context.newPage();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await network.stop();
  });

  /** Once every country's events reach the page (the panel records which do). */
  const connectedToAll = () =>
    page.waitForFunction(
      (all) => document.getElementById('notifications')?.dataset.connected === all,
      [...COUNTRIES].sort().join(' '),
    );

  it("shows Sweden's coordinator a referral Finland sends, as it arrives, without keeping the token", async () => {
    const [fi, se] = await Promise.all([coordinatorOf('FI'), coordinatorOf('SE')]);
    await page.goto(`${network.gateway.url}/dashboard#token=${se}`);
    await connectedToAll();
    // Set-up on a loaded host: asked again while Finland did not answer in time, as a user would.
    const ask = () =>
      postGraphql(
        network.gatewayUrl,
        '{ cases(countries: [FI], first: 1, filter: { status: [ACTIVE] }) { nodes { id } } }',
        undefined,
        { token: fi },
      );
    let cases = await ask();
    for (let i = 1; i < 3 && cases.errors; i++) cases = await ask();
    expect(cases.errors).toBeUndefined();
    const caseId = (cases.data?.cases as any[])[0].nodes[0].id as string;
    const key = randomUUID(); // the same on a retry: the referral is sent once
    const create = () =>
      postGraphql(
        network.gatewayUrl,
        CREATE,
        {
          caseId,
          key,
          request: {
            toCountry: 'SE',
            reason: 'MIGRATION_OR_CHANGE_OF_LOCATION',
            urgency: 'URGENT',
            needs: ['SAFE_ACCOMMODATION'],
            legalBasis: 'GDPR_6_1_E',
            consentRecorded: true,
          },
        },
        { token: fi, purpose: 'CROSS_BORDER_REFERRAL' },
      );
    let created = await create();
    for (let i = 1; i < 3 && created.errors?.[0]?.extensions?.code === 'COUNTRY_TIMEOUT'; i++)
      created = await create();
    expect(created.errors).toBeUndefined();
    const id = (created.data?.createReferral as { id: string }).id;
    const item = page.locator(`#notifications li[data-kind="SENT"][data-referral="${id}"]`);
    await item.waitFor();
    expect(await item.textContent()).toContain(`New referral ${id} from FI to SE (URGENT)`);
    expect(await page.locator('#notifications ul').getAttribute('aria-live')).toBe('polite');
    await page.locator('#notifications').screenshot({ path: join(ARTIFACTS, 'dashboard-notifications.png') });
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }));
    expect(stored).not.toContain(se.split('.')[1]);
  });

  it('keeps the panel hidden for an analyst, whose role reads no referrals', async () => {
    const analyst = await tokenFor({ country: 'SE', roles: ['ANALYST'], subject: 'se-analyst-panel' });
    await page.goto(`${network.gateway.url}/dashboard#token=${analyst}`);
    await page.waitForFunction(
      () => document.getElementById('notifications')?.dataset.refused === 'FORBIDDEN',
    );
    expect(await page.locator('#notifications').isHidden()).toBe(true);
  });
});
