/** What the page tells the browser code (`#nordic-dashboard-config`). */
export interface DashboardPageSettings {
  endpoint: string;
  statusUrl: string;
  firstYear: number;
  signIn: readonly { country: string; issuer: string; clientId: string }[];
}

/**
 * Scripts and requests only from the gateway itself (and the configured API origin). Inline styles
 * are allowed because ECharts positions its tooltips and SVG text with style attributes; no inline
 * script is.
 */
export function dashboardContentSecurityPolicy(apiOrigins: readonly string[]): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `connect-src 'self'${apiOrigins.map((o) => ` ${o}`).join('')}`,
    "img-src 'self' data: blob:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** JSON safe inside a `<script type="application/json">` block. */
function jsonForScriptBlock(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * One view's card. The text is English as served, and the script writes it in the chosen language
 * (`data-i18n` keys of `gateway/dashboard/messages.ts`); the title is the view's own, set when drawn.
 */
function card(view: string, title: string, noteKey: string, note: string, controls = ''): string {
  return `
      <section class="card" data-view="${view}" aria-labelledby="${view}-title">
        <header><h2 id="${view}-title">${title}</h2><span class="downloads"><button type="button" class="csv" data-i18n="view.csv">CSV</button><button type="button" class="png" data-i18n="view.png">PNG</button><button type="button" class="svg" data-i18n="view.svg">SVG</button></span></header>
        <p class="note" data-i18n="${noteKey}">${note}</p>${
          controls
            ? `
        <div class="view-controls">${controls}</div>`
            : ''
        }
        <div class="chart" role="img" aria-label="${title}"></div>
        <p class="not-drawn"></p>
        <div class="table" role="region" tabindex="0" aria-label="${title}"></div>
      </section>`;
}

/** The page skeleton; the bundled script fills it from the public GraphQL API. */
export function dashboardPage(settings: DashboardPageSettings, scriptUrl: string, styleUrl: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="robots" content="noindex" />
    <meta name="color-scheme" content="light dark" />
    <title>Nordic anti-trafficking dashboard</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="${styleUrl}" />
  </head>
  <body data-state="loading">
    <a class="skip" href="#figures" data-i18n="page.skip">Skip to the figures</a>
    <header class="top">
      <h1 data-i18n="page.title">Nordic anti-trafficking dashboard</h1>
      <form id="sign-in-form" autocomplete="off" hidden>
        <label><span data-i18n="signIn.country">Your country</span> <select id="sign-in-country"></select></label>
        <button type="submit" id="sign-in" data-i18n="signIn.signIn">Sign in</button>
      </form>
      <p id="signed-in" hidden><span id="signed-in-as"></span> <button type="button" id="sign-out" data-i18n="signIn.signOut">Sign out</button></p>
      <form id="token-form" autocomplete="off">
        <label><span data-i18n="token.label">Analyst token</span> <input id="token" type="password" data-i18n-placeholder="token.placeholder" placeholder="paste a bearer token" /></label>
        <button type="submit" data-i18n="token.use">Use token</button>
        <button type="button" id="forget-token" data-i18n="token.forget">Forget</button>
      </form>
    </header>
    <form id="filters" class="filters" data-i18n-label="filters.label" aria-label="Filters">
      <label><span data-i18n="filters.from">From</span> <select id="year-from"></select></label>
      <label><span data-i18n="filters.to">to</span> <select id="year-to"></select></label>
      <fieldset id="countries"><legend data-i18n="filters.countries">Countries</legend></fieldset>
      <label><span data-i18n="filters.trend">Trend</span> <select id="trend-measure"></select></label>
      <label><span data-i18n="filters.unit">Figures</span> <select id="unit"><option value="count" data-i18n="unit.count">Counts</option><option value="rate" data-i18n="unit.rate">Per 100,000 inhabitants</option></select></label>
      <label><span data-i18n="filters.language">Language</span> <select id="lang"></select></label>
      <button type="button" id="refresh" data-i18n="filters.refresh">Refresh</button>
    </form>
    <p id="message" role="status"></p>
    <p id="down-notice" class="down-notice"></p>
    <ul id="status" class="status" data-i18n-label="status.label" aria-label="State of each country"></ul>
    <main id="figures" class="grid" tabindex="-1">${card(
      'overview',
      'Registered victims per country and year',
      'overview.note',
      'Presumed and identified victims (Eurostat “registered”).',
    )}${card(
      'mix',
      'Exploitation mix per country',
      'mix.note',
      'Registered victims by Eurostat form of exploitation (main form of each case).',
      '<label><span data-i18n="mix.year">Year</span> <select id="mix-year" data-view-filter></select></label>',
    )}${card(
      'breakdown',
      'Registered victims by form of exploitation and year',
      'breakdown.note',
      'Registered victims per year by the breakdown chosen, as each country published them.',
      '<label><span data-i18n="breakdown.by">Breakdown</span> <select id="breakdown-by" data-view-filter><option value="EXPLOITATION_GROUP" data-i18n="dimension.exploitation">form of exploitation</option><option value="SEX" data-i18n="dimension.sex">sex</option><option value="AGE_GROUP" data-i18n="dimension.age">age group</option><option value="CITIZENSHIP_GROUP" data-i18n="dimension.citizenship">citizenship</option></select></label> <label><span data-i18n="breakdown.country">Country in the chart</span> <select id="breakdown-country" data-view-filter></select></label>',
    )}${card('trend', 'Trend', 'trend.note', 'The measure chosen under “Trend”, per country and year.')}${card(
      'flows',
      'Route flows: recruitment → exploitation',
      'flows.note',
      'Registered victims by country of recruitment and of exploitation, over the years chosen, added up over the countries that registered them. Each country\u2019s figure is perturbed (at most \u00b13), so a total need not equal the sum of its parts.',
    )}${card(
      'referrals',
      'Cross-border referrals',
      'referrals.note',
      'Referrals sent between the countries over the years chosen, from the sending country\u2019s records; median days from sending to the answer.',
    )}
      <section class="card" data-view="eurostat" aria-labelledby="eurostat-title">
        <header><h2 id="eurostat-title" data-i18n="eurostat.title">Eurostat THB export</h2></header>
        <p class="note" data-i18n="eurostat.note">One year of the selected countries in the Eurostat trafficking breakdown.</p>
        <label><span data-i18n="eurostat.year">Year</span> <select id="eurostat-year"></select></label>
        <button type="button" id="eurostat-download" data-i18n="eurostat.download">Download CSV</button>
        <p id="eurostat-note" role="status"></p>
      </section>
      <section class="card help" aria-labelledby="help-title">
        <h2 id="help-title" data-i18n="help.title">How to get a token</h2>
        <p data-i18n="help.token"><code data-slot="start">npm start</code> <code data-slot="command">npm run -s token -- --country FI --role ANALYST</code></p>
        <p id="perturbation-note" data-i18n="help.perturbation">Every figure is perturbed by the cell-key method.</p>
      </section>
    </main>
    <script type="application/json" id="nordic-dashboard-config">${jsonForScriptBlock(settings)}</script>
    <script src="${scriptUrl}"></script>
  </body>
</html>
`;
}
