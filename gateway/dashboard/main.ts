import { type DashboardConfig, type GraphqlError, fetchStatus, postGraphql } from './api';
import { allCharts } from './charts';
import { downloadCsv } from './csv';
import {
  DASHBOARD_QUERY,
  type DashboardAnswer,
  type DashboardFilters,
  EUROSTAT_QUERY,
  type EurostatAnswer,
} from './dashboardQuery';
import { eurostatCsv } from './eurostatCsv';
import { LANGUAGES, Labels, countryNames } from './labels';
import { renderView } from './render';
import { renderStatus } from './statusTiles';
import { currentToken, saveToken, takeTokenFromFragment } from './token';
import { type ViewContext, flowsView, mixView, overviewView, referralsView, trendView } from './views';

const config = JSON.parse(
  (document.getElementById('nordic-dashboard-config') as HTMLElement).textContent ?? '{}',
) as DashboardConfig;

const TREND_MEASURES = [
  'IDENTIFIED_VICTIMS',
  'PRESUMED_VICTIMS',
  'REGISTERED_VICTIMS',
  'NEW_ASSISTANCE_CLIENTS',
  'SUSPECTS',
  'CROSS_BORDER_REFERRALS',
];

/** Errors that mean "this country did not answer" (the gateway names the country). */
const COUNTRY_ERRORS = ['COUNTRY_UNAVAILABLE', 'COUNTRY_TIMEOUT', 'COUNTRY_SCHEMA_MISMATCH'];

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
let generation = 0;
let lastAnswer: DashboardAnswer | null = null;

function setState(state: 'no-token' | 'loading' | 'ready' | 'error', message = ''): void {
  document.body.dataset.state = state;
  byId('message').textContent = message;
}

function fillSelect(
  select: HTMLSelectElement,
  options: { value: string; text: string }[],
  chosen: string,
): void {
  select.replaceChildren(
    ...options.map((o) => {
      const option = document.createElement('option');
      option.value = o.value;
      option.textContent = o.text;
      option.selected = o.value === chosen;
      return option;
    }),
  );
}

function setUpFilters(): void {
  const lastYear = new Date().getUTCFullYear() - 1;
  const yearOptions: { value: string; text: string }[] = [];
  for (let y = config.firstYear; y <= lastYear + 1; y++)
    yearOptions.push({ value: String(y), text: String(y) });
  fillSelect(byId('year-from'), yearOptions, String(Math.max(config.firstYear, lastYear - 4)));
  fillSelect(byId('year-to'), yearOptions, String(lastYear));
  fillSelect(byId('eurostat-year'), yearOptions, String(lastYear));
  fillSelect(
    byId('trend-measure'),
    TREND_MEASURES.map((m) => ({ value: m, text: m })),
    TREND_MEASURES[0] as string,
  );
  fillSelect(
    byId('lang'),
    LANGUAGES.map((l) => ({ value: l.code, text: l.name })),
    'en',
  );
  byId('filters').addEventListener('change', () => void refresh());
}

/**
 * The member countries, as the gateway lists them (its /status: the countries it is configured to
 * route to), in network order: configuration, not a list in this page, so a country that joins appears
 * without a new dashboard. Each gets a filter box, ticked unless the user unticked it.
 */
let members: readonly string[] = [];

function showMembers(codes: readonly string[]): void {
  if (codes.length === 0 || codes.join() === members.join()) return;
  const boxes = byId('countries');
  const unticked = new Set(
    [...boxes.querySelectorAll<HTMLInputElement>('input[name=country]')]
      .filter((b) => !b.checked)
      .map((b) => b.value),
  );
  members = [...codes];
  boxes.replaceChildren(
    ...members.map((code) => {
      const label = document.createElement('label');
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.name = 'country';
      box.value = code;
      box.checked = !unticked.has(code);
      label.append(box, ` ${code}`);
      return label;
    }),
  );
}

function filters(): DashboardFilters {
  let yearFrom = Number(byId<HTMLSelectElement>('year-from').value);
  let yearTo = Number(byId<HTMLSelectElement>('year-to').value);
  if (yearTo < yearFrom) [yearFrom, yearTo] = [yearTo, yearFrom];
  return {
    yearFrom,
    yearTo,
    countries: [...document.querySelectorAll<HTMLInputElement>('input[name=country]:checked')].map(
      (b) => b.value,
    ),
    trendMeasure: byId<HTMLSelectElement>('trend-measure').value,
    lang: byId<HTMLSelectElement>('lang').value,
  };
}

/** The country an error is about, when it is one of the "did not answer" errors. */
function failedCountry(error: GraphqlError): string | null {
  const code = error.extensions?.code ?? '';
  return COUNTRY_ERRORS.includes(code) ? (error.extensions?.country ?? null) : null;
}

function relabelTrendMeasures(measures: Labels): void {
  for (const option of byId<HTMLSelectElement>('trend-measure').options)
    option.textContent = measures.of(option.value);
}

async function refresh(): Promise<void> {
  const token = currentToken();
  if (!token) {
    setState('no-token', 'Paste an analyst token to see the figures (see "How to get a token").');
    void fetchStatus(config).then((status) => showMembers(status?.map((s) => s.code) ?? []));
    return;
  }
  const requested = ++generation;
  setState('loading', 'Loading…');
  const status = await fetchStatus(config);
  showMembers(status?.map((s) => s.code) ?? []);
  let chosen = filters();
  const answer = await postGraphql<DashboardAnswer>(config, token, DASHBOARD_QUERY, {
    yearFrom: chosen.yearFrom,
    yearTo: chosen.yearTo,
    trendMeasure: chosen.trendMeasure,
    lang: chosen.lang,
  }).catch((error: unknown) => ({ httpStatus: 0, data: null, errors: [{ message: String(error) }] }));
  if (requested !== generation) return; // a newer filter change is on its way
  if (members.length === 0 && answer.data?.countries) {
    // No status to read: the members are the registry's countries that answered for themselves.
    showMembers(answer.data.countries.filter((c) => c.perYear !== null).map((c) => c.code));
    chosen = filters();
  }
  if (!answer.data?.countries) {
    const reason = answer.errors[0]?.message ?? `HTTP ${answer.httpStatus}`;
    renderStatus(members, status, new Map(), chosen.countries);
    setState(
      'error',
      answer.httpStatus === 401 ? `The token was refused: ${reason}` : `No answer: ${reason}`,
    );
    return;
  }
  lastAnswer = answer.data;
  const failed = new Map<string, string>();
  for (const error of answer.errors) {
    const country = failedCountry(error);
    if (country) failed.set(country, error.extensions?.code ?? 'unavailable');
  }
  const selected = answer.data.countries.filter((c) => chosen.countries.includes(c.code));
  const measures = new Labels(answer.data.measures?.values);
  const context: ViewContext = {
    filters: chosen,
    answered: selected.filter((c) => !failed.has(c.code) && c.perYear !== null),
    unavailable: selected
      .filter((c) => failed.has(c.code) || c.perYear === null)
      .map((c) => ({ code: c.code, reason: failed.get(c.code) ?? 'no answer' })),
    countryName: countryNames(chosen.lang),
    groups: new Labels(answer.data.groups?.values),
    measures,
  };
  relabelTrendMeasures(measures);
  renderStatus(members, status, failed, chosen.countries);
  const period = `${chosen.yearFrom}-${chosen.yearTo}`;
  renderView('overview', overviewView(context), `registered-victims-${period}.csv`);
  renderView('mix', mixView(context), `exploitation-mix-${chosen.yearTo}.csv`);
  renderView('trend', trendView(context), `${chosen.trendMeasure.toLowerCase()}-${period}.csv`);
  renderView('flows', flowsView(context), `route-flows-${period}.csv`);
  renderView('referrals', referralsView(context), `referral-metrics-${period}.csv`);
  byId('mix-year').textContent = String(chosen.yearTo);
  document.body.dataset.generation = String(requested);
  setState('ready');
}

async function downloadEurostat(): Promise<void> {
  const token = currentToken();
  if (!token) return;
  const year = Number(byId<HTMLSelectElement>('eurostat-year').value);
  const note = byId('eurostat-note');
  note.textContent = 'Preparing…';
  const answer = await postGraphql<EurostatAnswer>(config, token, EUROSTAT_QUERY, { year });
  if (!answer.data?.countries) {
    note.textContent = `No answer: ${answer.errors[0]?.message ?? answer.httpStatus}`;
    return;
  }
  const chosen = filters().countries;
  const missing = answer.errors
    .map(failedCountry)
    .filter((c): c is string => c !== null && chosen.includes(c));
  downloadCsv(`eurostat-thb-${year}.csv`, eurostatCsv(answer.data, chosen));
  note.textContent = missing.length
    ? `Downloaded without ${missing.join(', ')} (unavailable).`
    : 'Downloaded.';
}

function setUpToken(): void {
  takeTokenFromFragment();
  const form = byId<HTMLFormElement>('token-form');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const input = byId<HTMLInputElement>('token');
    saveToken(input.value);
    input.value = '';
    void refresh();
  });
  byId('forget-token').addEventListener('click', () => {
    saveToken('');
    void refresh();
  });
}

setUpFilters();
setUpToken();
byId('refresh').addEventListener('click', () => void refresh());
byId('eurostat-download').addEventListener('click', () => void downloadEurostat());

// For the browser tests and for anyone curious in the console: the charts and the last answer.
(window as unknown as { nordicDashboard: unknown }).nordicDashboard = {
  charts: allCharts(),
  filters,
  lastAnswer: () => lastAnswer,
};
void refresh();
