import {
  accountId,
  accountOf,
  chooseAccount,
} from '../../subgraphs/common/src/auth/devIdentityProvider/devAccounts';

/**
 * The development providers keep no account store: the subject names the account, and the token's
 * claims are rebuilt from it. A subject must therefore give back exactly the claims chosen, and a
 * subject the provider did not make (another country's, a role that does not exist) must give none.
 */
describe("the development providers' accounts", () => {
  it.each([
    ['FI', ['NATIONAL_COORDINATOR'], '', 'fi-national_coordinator-dev'],
    ['SE', ['ASSISTANCE_CASEWORKER'], 'SE:Organisation:nsp', 'se-assistance_caseworker@nsp-dev'],
    [
      'SE',
      ['ASSISTANCE_CASEWORKER'],
      'SE:Organisation:regional-coordinators',
      'se-assistance_caseworker@regional-coordinators-dev',
    ],
    ['NO', ['AUDITOR', 'ANALYST'], '', 'no-auditor+analyst-dev'],
  ])(
    '%s %j %s is the subject %s, and the subject gives the same claims back',
    (country, roles, org, subject) => {
      const account = chooseAccount(country, roles, org);
      expect(accountId(account)).toBe(subject);
      expect(accountOf(country, subject)).toEqual(account);
    },
  );

  it('refuses what npm run token refuses, saying what to change', () => {
    expect(() => chooseAccount('FI', [], '')).toThrow('Choose at least one role.');
    expect(() => chooseAccount('FI', ['ASSISTANCE_CASEWORKER'], '')).toThrow(
      /choose the organisation \(FI:Organisation:nas\)/,
    );
    expect(() => chooseAccount('FI', ['ANALYST'], 'SE:Organisation:nsp')).toThrow(/must be one of FI's/);
    expect(() => chooseAccount('FI', ['SUPERUSER'], '')).toThrow(/SUPERUSER is not a role of the network/);
  });

  it("gives no account for another country's subject or an unknown role", () => {
    expect(accountOf('FI', 'se-national_coordinator-dev')).toBeNull();
    expect(accountOf('FI', 'fi-superuser-dev')).toBeNull();
    expect(accountOf('FI', 'fi-national_coordinator')).toBeNull();
  });
});
