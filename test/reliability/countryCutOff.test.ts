import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { CountryHosts } from '../support/countryHosts';
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
import { COUNTRIES, NordicNetwork } from '../support/nordicNetwork';

const LOAD_SECONDS = 60;
/** Sweden cut off at the network level: what it sends is dropped, nothing answers. */
const SWEDEN_CUT_OFF: Fault = {
  country: 'SE',
  codes: ['COUNTRY_TIMEOUT', 'COUNTRY_UNAVAILABLE'],
  from: 10,
  to: 30,
};
const RECOVERY_SECONDS = 15;
const CLIENTS = 4;

/** Network namespaces need root and iproute2; CI runs as root. Elsewhere the test says why it is skipped. */
const hostsPossible = process.getuid?.() === 0 && (existsSync('/usr/sbin/ip') || existsSync('/sbin/ip'));
const describeOnHosts = hostsPossible ? describe : describe.skip;
if (!hostsPossible)
  console.warn('countryCutOff: skipped — creating network namespaces needs root and iproute2');

/**
 * The five countries as separate hosts (one network namespace each, on a bridge to the secretariat's
 * side) and Sweden cut off at the network level for 20 s of a minute's mixed load: packets from Sweden
 * are dropped without an answer, so the gateway sees requests that hang rather than connections refused.
 * The gateway keeps answering every request, with errors only for Sweden and only while it is cut off
 * (plus the stated recovery), its memory stays bounded, and two writes caught by the cut — a referral
 * Sweden creates (the request may arrive while its answer is lost) and a referral to Sweden accepted by
 * Sweden — are each done exactly once after a retry with the same idempotency key.
 */
describeOnHosts('a country cut off at the network level while the network is under load', () => {
  const hosts = new CountryHosts(COUNTRIES);
  let network: NordicNetwork;

  beforeAll(async () => {
    await hosts.create();
    network = new NordicNetwork({ backend: 'sqlite', timeoutMs: 2500, hosts });
    await network.start();
  }, 180_000);
  afterAll(async () => {
    await network?.stop();
    await hosts.destroy();
  });

  it('serves every country as its own host, over the network between them', () => {
    for (const country of COUNTRIES) {
      expect(network.countries.get(country)?.process.url).toBe(`http://${hosts.address(country)}:4001`);
    }
    expect(network.gatewayUrl).toBe(
      `http://${hosts.secretariatAddress}:${new URL(network.gatewayUrl).port}/graphql`,
    );
  });

  it('answers every request, fails only Sweden while it is cut off, recovers, and completes interrupted writes once', async () => {
    const gatewayUrl = network.gatewayUrl;
    // A Finnish referral to Sweden, which Sweden accepts while it is cut off, and a Swedish case from
    // which Sweden creates a referral to Norway while it is cut off.
    const writes = await interruptedWrites(network, 'SE');
    expect(writes.caseIds.length).toBeGreaterThan(5);

    const gatewayPid = network.gateway.process.pid as number;
    const clock = new LoadClock();
    const faults = async () => {
      await clock.until(4);
      const warm = rssMiB(gatewayPid);
      const [createKey, acceptKey] = [randomUUID(), randomUUID()];
      const [createdWhileCut, acceptedWhileCut] = await clock.during(
        SWEDEN_CUT_OFF,
        () => hosts.cut('SE'),
        () => Promise.all([writes.createSwedish('NO', createKey), writes.accept(acceptKey)]),
        () => hosts.reconnect('SE'),
      );
      const deadline = (SWEDEN_CUT_OFF.ended as number) + RECOVERY_SECONDS;
      const failed = (r: { errors?: unknown[] }) => (r.errors ?? []).length > 0;
      const createdAfter = await clock.retry(() => writes.createSwedish('NO', createKey), failed, deadline);
      const acceptedAfter = await clock.retry(() => writes.accept(acceptKey), failed, deadline);
      await clock.until(LOAD_SECONDS);
      return {
        warm,
        end: rssMiB(gatewayPid),
        createdWhileCut,
        acceptedWhileCut,
        createdAfter,
        acceptedAfter,
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

    expectLoadSurvived(outcomes, [SWEDEN_CUT_OFF], {
      recoverySeconds: RECOVERY_SECONDS,
      seconds: LOAD_SECONDS,
      memoryGrowthMiB: fault.end - fault.warm,
    });
    expect(sawError(outcomes, 'SE', 'COUNTRY_TIMEOUT')).toBe(true);

    // While cut off, neither write could be confirmed to the caller.
    expect(errorCodes(fault.createdWhileCut)).toEqual([
      expect.stringMatching(/^COUNTRY_(TIMEOUT|UNAVAILABLE)$/),
    ]);
    // Finland answers CROSS_BORDER_UNAVAILABLE, or, when its 500 ms margin to answer in is lost on a busy
    // host, the gateway gives up on it first (COUNTRY_TIMEOUT): either way the outcome is unknown and the
    // retry below completes it. Finland's margin has its own test (crossBorderWork, Sweden too slow).
    expect(errorCodes(fault.acceptedWhileCut)).toEqual([
      expect.stringMatching(/^(CROSS_BORDER_UNAVAILABLE|COUNTRY_TIMEOUT)$/),
    ]);
    // After the retry with the same key, each is done, and done once: one referral row, one opened case.
    expect(fault.createdAfter.errors).toBeUndefined();
    expect((fault.createdAfter.data?.createReferral as any).status).toBe('SENT');
    expect(await writes.swedishReferrals()).toBe(writes.swedishReferralsBefore + 1);
    expect(fault.acceptedAfter.errors).toBeUndefined();
    expect((fault.acceptedAfter.data?.respondToReferral as any).status).toBe('ACCEPTED');
    expect(await writes.openedByReceiver()).toBe(1);
  }, 240_000);
});
