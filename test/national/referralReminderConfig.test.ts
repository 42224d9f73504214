import { loadNationalConfig } from '../../subgraphs/national/src/config';
import { countryKeyEnvironment } from '../support/auth';

/** The referral reminder keys (docs/operators.md "Referral notifications") are checked at start. */
describe('referral reminder configuration', () => {
  const load =
    (env: NodeJS.ProcessEnv, argv: string[] = []) =>
    () =>
      loadNationalConfig(['--country', 'FI', '--port', '0', ...argv], {
        ...process.env,
        ...countryKeyEnvironment('FI'),
        ...env,
      });

  it.each([
    [{ REFERRAL_REMINDER_DAYS: 'soon' }, /referralReminderDays: .*Fix: set REFERRAL_REMINDER_DAYS/],
    [{ REFERRAL_REMINDER_DAYS: '-1' }, /referralReminderDays: .*from 0 to 365/],
    [{ REFERRAL_EXPIRY_WARNING_HOURS: '2.5' }, /referralExpiryWarningHours: .*REFERRAL_EXPIRY_WARNING_HOURS/],
    [
      { REFERRAL_REMINDER_CHECK_SECONDS: '0' },
      /referralReminderCheckSeconds: .*REFERRAL_REMINDER_CHECK_SECONDS/,
    ],
  ])('stops the service at start on %p, naming the key and the fix', (env, message) => {
    expect(load(env)).toThrow(message);
  });

  it('takes the flags over the environment, and defaults of 3 days, 48 hours and 300 seconds', () => {
    const flagged = load({ REFERRAL_REMINDER_DAYS: 'soon' }, ['--referral-reminder-days', '7'])();
    expect(flagged.referralReminderDays).toBe(7);
    const defaults = load({
      REFERRAL_REMINDER_DAYS: undefined,
      REFERRAL_EXPIRY_WARNING_HOURS: undefined,
      REFERRAL_REMINDER_CHECK_SECONDS: undefined,
    })();
    expect([
      defaults.referralReminderDays,
      defaults.referralExpiryWarningHours,
      defaults.referralReminderCheckSeconds,
    ]).toEqual([3, 48, 300]);
  });
});
