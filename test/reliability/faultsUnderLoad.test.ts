import { randomUUID } from 'node:crypto';
import { errorCodes } from '../support/graphql';
import {
  expectLoadSurvived,
  type Fault,
  interruptedWrites,
  LoadClock,
  rssMiB,
  runMixedLoad,
  sawError,
} from '../support/mixedLoad';
import { NordicNetwork } from '../support/nordicNetwork';
import { PrivatePostgres } from '../support/privatePostgres';

/** How long the load runs, and when each fault starts and ends (seconds from the start of the load). */
const LOAD_SECONDS = 60;
const NORWAY_DOWN: Fault = { country: 'NO', codes: ['COUNTRY_UNAVAILABLE'], from: 8, to: 22 };
const SWEDISH_DATABASE_DOWN: Fault = {
  country: 'SE',
  codes: ['STORE_UNAVAILABLE', 'AUDIT_UNAVAILABLE', 'COUNTRY_UNAVAILABLE'],
  from: 25,
  to: 31,
};
const DENMARK_SLOW: Fault = {
  country: 'DK',
  codes: ['COUNTRY_TIMEOUT', 'COUNTRY_UNAVAILABLE'],
  from: 35,
  to: 45,
};
/** The recovery docs/developers.md states (Reliability under faults): a country back in service is in routing again within this time. */
const RECOVERY_SECONDS = 15;
const CLIENTS = 4;

/**
 * A minute of mixed cross-border load while Norway's service is killed and restarted, Sweden's
 * PostgreSQL server is stopped and started again, and Denmark answers slower than the gateway's
 * timeout: the gateway keeps answering every request, with errors only for the affected country and
 * only while it is affected, recovers by itself, keeps its memory bounded; and a referral answered while
 * its receiver is down, or created while its owner's database is down, is done exactly once after a retry.
 */
describe('the gateway under load while countries fail', () => {
  // Sweden's store is a PostgreSQL server of the test's own, so it can be restarted; the others use SQLite.
  const swedishDatabase = new PrivatePostgres();
  let network: NordicNetwork;

  beforeAll(async () => {
    await swedishDatabase.create();
    network = new NordicNetwork({
      backend: 'sqlite',
      timeoutMs: 2500,
      databases: { SE: await swedishDatabase.database('se') },
    });
    await network.start();
  }, 180_000);
  afterAll(async () => {
    await network?.stop();
    await swedishDatabase.destroy();
  });

  it('answers every request, fails only the affected country while it is affected, recovers, and stays bounded in memory', async () => {
    const gatewayUrl = network.gatewayUrl;
    // A Finnish referral to Norway, accepted while Norway is down, and a Swedish case from which Sweden
    // creates a referral while its database is down.
    const writes = await interruptedWrites(network, 'NO');
    expect(writes.caseIds.length).toBeGreaterThan(5);
    const { accept } = writes;
    const createSwedish = (key: string) => writes.createSwedish('FI', key);

    const gatewayPid = network.gateway.process.pid as number;
    const clock = new LoadClock();
    const faults = async () => {
      await clock.until(4);
      const warm = rssMiB(gatewayPid);

      const acceptKey = randomUUID();
      const acceptedWhileDown = await clock.during(
        NORWAY_DOWN,
        () => network.stopCountry('NO'),
        () => accept(acceptKey),
        () => network.restartCountry('NO'),
      );
      const acceptedAfter = await clock.retry(
        () => accept(acceptKey),
        (r) => errorCodes(r)[0] === 'CROSS_BORDER_UNAVAILABLE',
        (NORWAY_DOWN.ended as number) + RECOVERY_SECONDS,
      );

      const createKey = randomUUID();
      const createdWhileDown = await clock.during(
        SWEDISH_DATABASE_DOWN,
        () => swedishDatabase.stop(),
        () => createSwedish(createKey),
        () => swedishDatabase.start(),
      );
      const createdAfter = await clock.retry(
        () => createSwedish(createKey),
        (r) => errorCodes(r).length > 0,
        (SWEDISH_DATABASE_DOWN.ended as number) + RECOVERY_SECONDS,
      );
      const createdAgain = await createSwedish(createKey);

      await clock.during(
        DENMARK_SLOW,
        async () => {
          network.proxy('DK').delayMs = 4000;
        },
        async () => undefined,
        async () => {
          network.proxy('DK').delayMs = 0;
        },
      );
      await clock.until(LOAD_SECONDS);
      return {
        warm,
        end: rssMiB(gatewayPid),
        acceptedWhileDown,
        acceptedAfter,
        createdWhileDown,
        createdAfter,
        createdAgain,
      };
    };
    const [fault, outcomes] = await Promise.all([
      faults(),
      runMixedLoad({
        gatewayUrl,
        token: writes.finland,
        caseIds: writes.caseIds,
        clients: CLIENTS,
        seconds: LOAD_SECONDS,
        clock,
      }),
    ]);

    expectLoadSurvived(outcomes, [NORWAY_DOWN, SWEDISH_DATABASE_DOWN, DENMARK_SLOW], {
      recoverySeconds: RECOVERY_SECONDS,
      seconds: LOAD_SECONDS,
      memoryGrowthMiB: fault.end - fault.warm,
    });
    expect(sawError(outcomes, 'SE', 'STORE_UNAVAILABLE')).toBe(true);

    // The referral accepted while Norway was down: not done then, done exactly once on retry.
    expect(errorCodes(fault.acceptedWhileDown)).toEqual(['CROSS_BORDER_UNAVAILABLE']);
    expect(fault.acceptedAfter.errors).toBeUndefined();
    expect((fault.acceptedAfter.data?.respondToReferral as any).status).toBe('ACCEPTED');
    expect(await writes.openedByReceiver()).toBe(1);

    // The referral Sweden created while its database was down: not created then; the retry with the
    // same key created it, a second retry answered the same referral, and there is exactly one row.
    expect(errorCodes(fault.createdWhileDown)).toEqual(['STORE_UNAVAILABLE']);
    expect(fault.createdAfter.errors).toBeUndefined();
    const swedishReferral = fault.createdAfter.data?.createReferral as { id: string; status: string };
    expect(swedishReferral.status).toBe('SENT');
    expect((fault.createdAgain.data?.createReferral as { id: string }).id).toBe(swedishReferral.id);
    expect(await writes.swedishReferrals()).toBe(writes.swedishReferralsBefore + 1);
  }, 240_000);
});
