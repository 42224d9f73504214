import { CircuitBreaker } from '../../gateway/src/countries/circuitBreaker';

describe("a country's circuit breaker", () => {
  let now = 0;
  const breaker = () => new CircuitBreaker({ failureThreshold: 3, resetAfterMs: 10_000, now: () => now });

  beforeEach(() => {
    now = 1_000_000;
  });

  it('stays closed through fewer consecutive failures than the threshold, and a success resets the count', () => {
    const b = breaker();
    b.recordFailure();
    b.recordFailure();
    b.recordSuccess();
    b.recordFailure();
    b.recordFailure();
    expect(b.state).toBe('closed');
    expect(b.allowRequest()).toBe(true);
  });

  it('opens after the threshold, fails fast until the reset time, then lets exactly one trial through', () => {
    const b = breaker();
    for (let i = 0; i < 3; i++) b.recordFailure();
    expect(b.state).toBe('open');
    expect(b.allowRequest()).toBe(false);
    now += 9_999;
    expect(b.allowRequest()).toBe(false);
    now += 1;
    expect(b.allowRequest()).toBe(true);
    expect(b.state).toBe('half-open');
    expect(b.allowRequest()).toBe(false);
  });

  it('closes when the trial succeeds and re-opens for a full period when it fails', () => {
    const closes = breaker();
    for (let i = 0; i < 3; i++) closes.recordFailure();
    now += 10_000;
    closes.allowRequest();
    closes.recordSuccess();
    expect(closes.state).toBe('closed');

    const reopens = breaker();
    for (let i = 0; i < 3; i++) reopens.recordFailure();
    now += 10_000;
    reopens.allowRequest();
    reopens.recordFailure();
    expect(reopens.state).toBe('open');
    now += 5_000;
    expect(reopens.allowRequest()).toBe(false);
  });

  it('lets the next trial through when a trial ended inconclusively (the client stopped waiting first)', () => {
    const b = breaker();
    for (let i = 0; i < 3; i++) b.recordFailure();
    now += 10_000;
    expect(b.allowRequest()).toBe(true);
    b.recordInconclusive();
    expect(b.state).toBe('half-open');
    expect(b.allowRequest()).toBe(true);
    b.recordSuccess();
    expect(b.state).toBe('closed');
  });

  it('does not count an inconclusive request as a failure', () => {
    const b = breaker();
    for (let i = 0; i < 10; i++) b.recordInconclusive();
    b.recordFailure();
    b.recordFailure();
    expect(b.state).toBe('closed');
  });
});
