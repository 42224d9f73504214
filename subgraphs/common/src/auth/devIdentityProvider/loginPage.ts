import { ROLES_NEEDING_ORG, ROLE_SUMMARIES, exampleOrganisations } from '../devRoles';
import { ROLES } from '../principal';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

export interface LoginPageSettings {
  country: string;
  /** Where the form posts (the interaction's login step). */
  action: string;
  /** Where "Cancel" posts. */
  abortAction: string;
  /** The application asking (its client id). */
  client: string;
  /** What the developer chose last time, shown again with `error`. */
  chosen?: { roles: readonly string[]; organisation: string };
  error?: string;
}

/**
 * No script; the page's own inline stylesheet. No `form-action`: Chromium applies it to the redirects
 * that follow the form's POST, and those end at the application, on another origin.
 */
export const LOGIN_PAGE_CSP = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const STYLE = `body{font-family:system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;line-height:1.45}
fieldset{border:1px solid #767676;border-radius:4px;margin:1rem 0}label{display:block;margin:.35rem 0}
.summary{color:#4a4a4a;font-size:.9em}.error{color:#a00000;font-weight:600}button{font:inherit;padding:.4rem 1rem;margin-right:.5rem}
@media (prefers-color-scheme:dark){body{background:#121212;color:#eee}.summary{color:#c8c8c8}.error{color:#ff9d9d}}`;

/**
 * The local identity provider's login page: a developer signs in as an account of this country by
 * choosing its roles and organisation, the claims its tokens carry. Not a real login (no password):
 * for the local network only, as `npm run token` is.
 */
export function loginPage(settings: LoginPageSettings): string {
  const { country } = settings;
  const chosenRoles = new Set(settings.chosen?.roles ?? []);
  const chosenOrg = settings.chosen?.organisation ?? '';
  const roles = ROLES.map((role) => {
    const needsOrg = ROLES_NEEDING_ORG.includes(role) ? ' (needs an organisation)' : '';
    return `<label><input type="checkbox" name="role" value="${role}"${chosenRoles.has(role) ? ' checked' : ''} /> ${role}${needsOrg}
        <span class="summary">— ${escapeHtml(ROLE_SUMMARIES[role])}</span></label>`;
  }).join('\n      ');
  const organisations = ['', ...exampleOrganisations(country).filter((o) => !o.includes('<'))]
    .map(
      (org) =>
        `<option value="${escapeHtml(org)}"${org === chosenOrg ? ' selected' : ''}>${org === '' ? 'none' : escapeHtml(org)}</option>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="color-scheme" content="light dark" />
    <title>Sign in — ${country} local identity provider</title>
    <style>${STYLE}</style>
  </head>
  <body>
    <main>
    <h1>Sign in to the Nordic network as ${country}</h1>
    <p>The local network's identity provider of ${country} (development only: no password). ${escapeHtml(settings.client)} asks for a token; choose what it says about you.</p>
    ${settings.error ? `<p class="error" role="alert">${escapeHtml(settings.error)}</p>` : ''}
    <form method="post" action="${escapeHtml(settings.action)}">
      <fieldset>
      <legend>Roles</legend>
      ${roles}
      </fieldset>
      <label for="org">Organisation</label>
      <select id="org" name="org">${organisations}</select>
      <p><button type="submit" id="sign-in">Sign in</button></p>
    </form>
    <form method="post" action="${escapeHtml(settings.abortAction)}"><button type="submit" id="cancel">Cancel</button></form>
    </main>
  </body>
</html>
`;
}
