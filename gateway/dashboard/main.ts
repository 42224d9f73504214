import { type DashboardConfig, type GraphqlError, fetchStatus, postGraphql } from './api';
import { breakdownView } from './breakdownView';
import { allCharts } from './charts';
import { COUNTRY_ERRORS, downNotice, reasonInWords } from './countryReasons';
import { downloadCsv } from './csv';
import {
  BREAKDOWNS,
  type Breakdown,
  DASHBOARD_QUERY,
  type DashboardAnswer,
  type DashboardFilters,
  EUROSTAT_QUERY,
  type EurostatAnswer,
} from './dashboardQuery';
import { eurostatCells, eurostatCsv } from './eurostatCsv';
import { exportMetadata, tableCsv } from './exportCsv';
import {
  formatDateTime,
  isLanguage,
  language,
  preferredLanguage,
  setLanguage,
  t,
  translatePage,
} from './i18n';
import { Labels, countryNames } from './labels';
import { LANGUAGES, type MessageKey } from './messages';
import { populationsUsed } from './rates';
import { followNotifications } from './notifications';
import { renderView } from './render';
import { setUpSignIn } from './signInPanel';
import { renderStatus } from './statusTiles';
import { currentToken, saveToken, takeTokenFromFragment } from './token';
import { type SharedView, readSharedView, sharedViewQuery } from './urlState';
import {
  type ViewContext,
  type ViewModel,
  flowsView,
  mixView,
  overviewView,
  referralsView,
  trendView,
} from './views';

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

/** The breakdown dimensions' names in the page's language. */
const DIMENSION_NAMES: Record<Breakdown, MessageKey> = {
  EXPLOITATION_GROUP: 'dimension.exploitation',
  SEX: 'dimension.sex',
  AGE_GROUP: 'dimension.age',
  CITIZENSHIP_GROUP: 'dimension.citizenship',
};

/** The view a shared link asks for (its query string), applied once the controls exist. */
const shared: SharedView = readSharedView(window.location.search);

/** The interface language chosen here before (not a secret: the token is never stored). */
const LANGUAGE_KEY = 'nordic-dashboard:lang';

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
let generation = 0;
let lastAnswer: DashboardAnswer | null = null;

function setState(state: 'no-token' | 'loading' | 'ready' | 'error', message = ''): void {
  document.body.dataset.state = state;
  byId('message').textContent = message;
}

function fillSelect(
  select: HTMLSelectElement,
  options: { value: string; text: string; lang?: string }[],
  chosen: string,
): void {
  select.replaceChildren(
    ...options.map((o) => {
      const option = document.createElement('option');
      option.value = o.value;
      option.textContent = o.text;
      option.selected = o.value === chosen;
      if (o.lang) option.lang = o.lang;
      return option;
    }),
  );
}

function setUpFilters(): void {
  const lastYear = new Date().getUTCFullYear() - 1;
  const yearOptions: { value: string; text: string }[] = [];
  for (let y = config.firstYear; y <= lastYear + 1; y++)
    yearOptions.push({
      value: String(y),
      text: y > lastYear ? t('table.provisional', { year: y }) : String(y),
    });
  const pick = (wanted: number | undefined, fallback: number) =>
    String(wanted !== undefined && wanted >= config.firstYear && wanted <= lastYear + 1 ? wanted : fallback);
  fillSelect(byId('year-from'), yearOptions, pick(shared.yearFrom, Math.max(config.firstYear, lastYear - 4)));
  fillSelect(byId('year-to'), yearOptions, pick(shared.yearTo, lastYear));
  fillSelect(byId('mix-year'), yearOptions, pick(shared.mixYear, lastYear));
  fillSelect(byId('eurostat-year'), yearOptions, String(lastYear));
  if (shared.unit) byId<HTMLSelectElement>('unit').value = shared.unit;
  if (shared.breakdownBy) byId<HTMLSelectElement>('breakdown-by').value = shared.breakdownBy;
  fillSelect(
    byId('trend-measure'),
    TREND_MEASURES.map((m) => ({ value: m, text: m })),
    shared.trendMeasure && TREND_MEASURES.includes(shared.trendMeasure)
      ? shared.trendMeasure
      : (TREND_MEASURES[0] as string),
  );
  fillSelect(
    byId('lang'),
    LANGUAGES.map((l) => ({ value: l.code, text: l.name, lang: l.code })),
    language(),
  );
  nameCountryBoxes();
  byId('filters').addEventListener('change', (event) => {
    if ((event.target as HTMLElement).id === 'lang') chooseLanguage(byId<HTMLSelectElement>('lang').value);
    void refresh();
  });
  // The views' own pickers (the mix's year, the breakdown and its chart's country).
  for (const select of document.querySelectorAll<HTMLSelectElement>('[data-view-filter]'))
    select.addEventListener('change', () => void refresh());
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
      box.checked = shared.countries ? shared.countries.includes(code) : !unticked.has(code);
      label.append(box, ` ${code}`);
      return label;
    }),
  );
  // The shared link's countries apply to the first list only; afterwards the boxes are the user's.
  delete shared.countries;
  const chartCountry = byId<HTMLSelectElement>('breakdown-country');
  const name = countryNames(language());
  fillSelect(
    chartCountry,
    members.map((code) => ({ value: code, text: `${code} ${name(code)}` })),
    chartCountry.value || shared.breakdownCountry || (members[0] ?? ''),
  );
  nameCountryBoxes();
}

/** A screen reader hears the country's name with its code (the code is what the label shows). */
function nameCountryBoxes(): void {
  const name = countryNames(language());
  for (const box of document.querySelectorAll<HTMLInputElement>('input[name=country]'))
    box.setAttribute('aria-label', `${box.value} ${name(box.value)}`);
}

function chooseLanguage(code: string): void {
  if (!isLanguage(code)) return;
  setLanguage(code);
  try {
    localStorage.setItem(LANGUAGE_KEY, code);
  } catch {
    // storage may be off; the choice then lasts for this page
  }
  translatePage(document);
  nameCountryBoxes();
  relabelProvisionalYears();
  document.dispatchEvent(new Event('nordic:language'));
}

/** The current year's options say "(provisional)" in the page's language. */
function relabelProvisionalYears(): void {
  const lastYear = new Date().getUTCFullYear() - 1;
  for (const id of ['year-from', 'year-to', 'mix-year', 'eurostat-year'])
    for (const option of byId<HTMLSelectElement>(id).options)
      if (Number(option.value) > lastYear)
        option.textContent = t('table.provisional', { year: option.value });
}

function initialLanguage(): void {
  if (isLanguage(shared.lang)) {
    setLanguage(shared.lang);
    translatePage(document);
    return;
  }
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(LANGUAGE_KEY);
  } catch {
    stored = null;
  }
  setLanguage(isLanguage(stored) ? stored : preferredLanguage(navigator.languages ?? [navigator.language]));
  translatePage(document);
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
    mixYear: Number(byId<HTMLSelectElement>('mix-year').value),
    breakdownBy: breakdownBy(byId<HTMLSelectElement>('breakdown-by').value),
    breakdownCountry: byId<HTMLSelectElement>('breakdown-country').value,
    unit: byId<HTMLSelectElement>('unit').value === 'rate' ? 'rate' : 'count',
  };
}

function breakdownBy(value: string): Breakdown {
  return (BREAKDOWNS as readonly string[]).includes(value) ? (value as Breakdown) : 'EXPLOITATION_GROUP';
}

/** The address shows the view's filters (never a token), so the link can be shared. */
function showFiltersInAddress(chosen: DashboardFilters): void {
  const query = sharedViewQuery(chosen);
  if (query !== window.location.search) history.replaceState(null, '', window.location.pathname + query);
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
  followNotifications(config, token);
  if (!token) {
    setState('no-token', t('message.noToken'));
    void fetchStatus(config).then((status) => showMembers(status?.map((s) => s.code) ?? []));
    return;
  }
  const requested = ++generation;
  setState('loading', t('message.loading'));
  const status = await fetchStatus(config);
  showMembers(status?.map((s) => s.code) ?? []);
  let chosen = filters();
  const answer = await postGraphql<DashboardAnswer>(config, token, DASHBOARD_QUERY, {
    yearFrom: chosen.yearFrom,
    yearTo: chosen.yearTo,
    trendMeasure: chosen.trendMeasure,
    lang: chosen.lang,
    mixYear: chosen.mixYear,
    breakdownBy: chosen.breakdownBy,
  }).catch((error: unknown) => ({ httpStatus: 0, data: null, errors: [{ message: String(error) }] }));
  if (requested !== generation) return; // a newer filter change is on its way
  if (members.length === 0 && answer.data?.countries) {
    // No status to read: the members are the registry's countries that answered for themselves.
    showMembers(answer.data.countries.filter((c) => c.perYear !== null).map((c) => c.code));
    chosen = filters();
  }
  showFiltersInAddress(chosen);
  if (!answer.data?.countries) {
    const reason = answer.errors[0]?.message ?? `HTTP ${answer.httpStatus}`;
    renderStatus(members, status, new Map(), chosen.countries);
    byId('down-notice').textContent = '';
    setState(
      'error',
      answer.httpStatus === 401 ? t('message.refused', { reason }) : t('message.noAnswer', { reason }),
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
      .map((c) => ({ code: c.code, reason: reasonInWords(failed.get(c.code) ?? '') })),
    countryName: countryNames(chosen.lang),
    groups: new Labels(answer.data.groups?.values),
    measures,
    breakdownLabels: {
      EXPLOITATION_GROUP: new Labels(answer.data.groups?.values),
      SEX: new Labels(answer.data.sexes?.values),
      AGE_GROUP: new Labels(answer.data.ageGroups?.values),
      CITIZENSHIP_GROUP: new Labels(answer.data.citizenships?.values),
    },
  };
  byId('down-notice').textContent = downNotice(failed, chosen.countries, context.countryName);
  relabelTrendMeasures(measures);
  renderStatus(members, status, failed, chosen.countries);
  const period = `${chosen.yearFrom}-${chosen.yearTo}`;
  const answered = context.answered.map((c) => c.code);
  const csv = (model: ViewModel) =>
    tableCsv(
      model.table,
      exportMetadata(model.title, answered, config.endpoint, model.cells, new Date(), {
        years: period,
        ...(model.populations
          ? {
              unit: t('csv.rate'),
              population: t('csv.population', { figures: populationsUsed(model.populations) }),
            }
          : {}),
      }),
    );
  const unit = chosen.unit === 'rate' ? '-per-100k' : '';
  renderView('overview', overviewView(context), `registered-victims-${period}${unit}.csv`, csv);
  renderView('mix', mixView(context), `exploitation-mix-${chosen.mixYear}${unit}.csv`, csv);
  renderView(
    'breakdown',
    breakdownView(context, t(DIMENSION_NAMES[chosen.breakdownBy])),
    `victims-by-${chosen.breakdownBy.toLowerCase().replace(/_/g, '-')}-${period}${unit}.csv`,
    csv,
  );
  renderView('trend', trendView(context), `${chosen.trendMeasure.toLowerCase()}-${period}${unit}.csv`, csv);
  renderView('flows', flowsView(context), `route-flows-${period}.csv`, csv);
  renderView('referrals', referralsView(context), `referral-metrics-${period}.csv`, csv);
  document.body.dataset.generation = String(requested);
  setState('ready', t('message.ready', { time: formatDateTime(new Date()) }));
}

async function downloadEurostat(): Promise<void> {
  const token = currentToken();
  if (!token) return;
  const year = Number(byId<HTMLSelectElement>('eurostat-year').value);
  const note = byId('eurostat-note');
  note.textContent = t('eurostat.preparing');
  const answer = await postGraphql<EurostatAnswer>(config, token, EUROSTAT_QUERY, { year });
  if (!answer.data?.countries) {
    note.textContent = t('message.noAnswer', {
      reason: answer.errors[0]?.message ?? `HTTP ${answer.httpStatus}`,
    });
    return;
  }
  const chosen = filters().countries;
  const missing = answer.errors
    .map(failedCountry)
    .filter((c): c is string => c !== null && chosen.includes(c));
  const included = chosen.filter((c) => !missing.includes(c));
  const metadata = exportMetadata(
    t('eurostat.title'),
    included,
    config.endpoint,
    eurostatCells(answer.data, chosen),
    new Date(),
    { year: String(year) },
  );
  downloadCsv(`eurostat-thb-${year}.csv`, eurostatCsv(answer.data, chosen, metadata));
  note.textContent = missing.length
    ? t('eurostat.downloadedWithout', { countries: missing.join(', ') })
    : t('eurostat.downloaded');
}

/** Reads the link's token; false when the link held something else (the page then says so). */
function setUpToken(): boolean {
  const fromLink = takeTokenFromFragment();
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
  return fromLink !== 'malformed';
}

initialLanguage();
setUpFilters();
const linkReadable = setUpToken();
byId('refresh').addEventListener('click', () => void refresh());
byId('eurostat-download').addEventListener('click', () => void downloadEurostat());

// For the browser tests and for anyone curious in the console: the charts and the last answer.
(window as unknown as { nordicDashboard: unknown }).nordicDashboard = {
  charts: allCharts(),
  filters,
  lastAnswer: () => lastAnswer,
};
void setUpSignIn(config.signIn ?? [], {
  refresh: () => void refresh(),
  problem: (message) => setState('error', message),
}).then((redirected) => {
  if (redirected) return;
  if (linkReadable) void refresh();
  else setState('error', t('message.badLink'));
});
// A link opened in the same tab changes only the fragment: the page does not reload, so read it here.
window.addEventListener('hashchange', () => {
  const fromLink = takeTokenFromFragment();
  if (fromLink === 'taken') void refresh();
  else if (fromLink === 'malformed') setState('error', t('message.badLink'));
});
