import { formatDateTime, t } from './i18n';
import { SignIn, type SignInCountry, type SignInEvent } from './signIn';
import { saveToken } from './token';

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

export interface SignInPanelHooks {
  /** Reads the figures again (with the new token, or none). */
  refresh(): void;
  /** Says something the user must act on (a failed or ended sign-in). */
  problem(message: string): void;
}

/**
 * The dashboard's sign-in: a country picker and "Sign in" when signed out, who is signed in and "Sign
 * out" when signed in. The token goes to token.ts (memory only). Resolves true when this page load was
 * the provider's redirect back (the hooks have then been told the outcome).
 */
export async function setUpSignIn(
  countries: readonly SignInCountry[],
  hooks: SignInPanelHooks,
): Promise<boolean> {
  const form = byId<HTMLFormElement>('sign-in-form');
  const signedIn = byId('signed-in');
  if (countries.length === 0) return false;
  const select = byId<HTMLSelectElement>('sign-in-country');
  select.replaceChildren(
    ...countries.map((c) => {
      const option = document.createElement('option');
      option.value = c.country;
      option.textContent = c.country;
      return option;
    }),
  );
  form.hidden = false;
  let lastEvent: SignInEvent = { kind: 'signed-out' };
  const show = (): void => {
    const session = signIn.session();
    form.hidden = session !== null;
    signedIn.hidden = session === null;
    byId('signed-in-as').textContent = session
      ? t('signIn.as', {
          subject: session.subject,
          country: session.country,
          roles: session.roles.join(', '),
          time: formatDateTime(session.expiresAt),
        })
      : '';
  };
  const signIn = new SignIn(countries, window.location.pathname, (event) => {
    lastEvent = event;
    saveToken(event.kind === 'signed-in' ? event.session.token : '');
    show();
    if (event.kind === 'failed') hooks.problem(t('signIn.failed', { reason: event.reason }));
    else if (event.kind === 'expired') hooks.problem(t('signIn.expired'));
    else hooks.refresh();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    signIn.start(select.value).catch((error: unknown) => {
      hooks.problem(t('signIn.failed', { reason: error instanceof Error ? error.message : String(error) }));
    });
  });
  byId('sign-out').addEventListener('click', () => void signIn.signOut());
  // The language can change while signed in: say who is signed in again in the new language.
  document.addEventListener('nordic:language', show);
  // For the browser tests and the curious: the sign-in (its token stays inside it).
  (window as unknown as { nordicSignIn: unknown }).nordicSignIn = {
    refresh: () => signIn.refresh(),
    lastEvent: () => lastEvent.kind,
  };
  return signIn.completeRedirect();
}
