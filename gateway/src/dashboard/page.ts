/** What the page tells the browser code (`#nordic-dashboard-config`). */
export interface DashboardPageSettings {
  endpoint: string;
  statusUrl: string;
  firstYear: number;
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

/** One view's card; `titleHtml` is trusted markup written here, `label` its plain text. */
function card(view: string, label: string, note: string, titleHtml = label): string {
  return `
      <section class="card" data-view="${view}">
        <header><h2>${titleHtml}</h2><button type="button" class="csv">CSV</button></header>
        <p class="note">${note}</p>
        <div class="chart" role="img" aria-label="${label}"></div>
        <p class="not-drawn"></p>
        <div class="table"></div>
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
    <title>Nordic anti-trafficking dashboard</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="${styleUrl}" />
  </head>
  <body data-state="loading">
    <header class="top">
      <h1>Nordic anti-trafficking dashboard</h1>
      <form id="token-form" autocomplete="off">
        <label>Analyst token <input id="token" type="password" placeholder="paste a bearer token" /></label>
        <button type="submit">Use token</button>
        <button type="button" id="forget-token">Forget</button>
      </form>
    </header>
    <form id="filters" class="filters">
      <label>From <select id="year-from"></select></label>
      <label>to <select id="year-to"></select></label>
      <fieldset id="countries"><legend>Countries</legend></fieldset>
      <label>Trend <select id="trend-measure"></select></label>
      <label>Language <select id="lang"></select></label>
      <button type="button" id="refresh">Refresh</button>
    </form>
    <p id="message" role="status"></p>
    <ul id="status" class="status" aria-label="State of each country"></ul>
    <main class="grid">${card(
      'overview',
      'Registered victims per country and year',
      'Presumed and identified victims (Eurostat "registered").',
    )}${card(
      'mix',
      'Exploitation mix per country',
      'Registered victims by Eurostat form of exploitation (main form of each case).',
      'Exploitation mix per country, <span id="mix-year"></span>',
    )}${card('trend', 'Trend', 'The measure chosen under "Trend", per country and year.')}${card(
      'flows',
      'Route flows: recruitment → exploitation',
      'Registered victims by country of recruitment and of exploitation, over the years chosen, added up over the countries that registered them. Each country\u2019s figure is perturbed (at most \u00b13), so a total need not equal the sum of its parts.',
    )}${card(
      'referrals',
      'Cross-border referrals',
      'Referrals sent between the countries over the years chosen, from the sending country\u2019s records; median days from sending to the answer.',
    )}
      <section class="card" data-view="eurostat">
        <header><h2>Eurostat THB export</h2></header>
        <p class="note">One year of the selected countries in the Eurostat trafficking breakdown (registered victims by sex and age, citizenship, exploitation, registering organisation; suspects), every figure perturbed by at most \u00b1 its max_deviation (flags: obs_status E estimated, P provisional, M missing; conf_status F free); totals need not equal the sum of their parts.</p>
        <label>Year <select id="eurostat-year"></select></label>
        <button type="button" id="eurostat-download">Download CSV</button>
        <p id="eurostat-note" role="status"></p>
      </section>
      <section class="card help">
        <h2>How to get a token</h2>
        <p>The dashboard reads only the public GraphQL API with your own bearer token (role ANALYST or DASHBOARD, or any role that may read statistics). On the local network <code>npm start</code> prints a dashboard link that carries one; or run <code>npm run -s token -- --country FI --role ANALYST</code> and paste the token above. It is kept in this tab only (sessionStorage).</p>
        <p id="perturbation-note">Every figure is perturbed by the cell-key method (docs/disclosure-control.md): it differs from the true count by at most ±3 (the deviation each country states), no figure from 1 to 4 is ever shown (such counts appear as 0 or 5 and more), and the same figure always gets the same value. Totals therefore need not equal the sum of their parts, in the tables, the charts and the CSV files alike. Figures of older answers may still read "&lt; 5" (a count from 1 to 4) or "suppressed".</p>
      </section>
    </main>
    <script type="application/json" id="nordic-dashboard-config">${jsonForScriptBlock(settings)}</script>
    <script src="${scriptUrl}"></script>
  </body>
</html>
`;
}
