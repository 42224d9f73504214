/**
 * `/status` for a person (a browser asks for `text/html`): each country's state, last check, latency
 * and availability over the last 24 hours, in words rather than codes. Machines keep the JSON.
 */

interface StatusEntry {
  code?: string;
  name?: string;
  state?: string;
  circuit?: string;
  inRouting?: boolean;
  lastCheck?: string | null;
  latencyMs?: number | null;
  detail?: string | null;
  availability24h?: { ratio: number | null; checks: number };
}

interface StatusBody {
  network?: StatusEntry;
  countries?: StatusEntry[];
  subgraphs?: StatusEntry[];
}

const STATES: Record<string, string> = {
  up: 'Up: answering',
  down: 'Down: not answering',
  timing_out: 'Slow: its answers time out',
  schema_mismatch: 'Out of routing: its schema does not match the Nordic contract',
  unknown: 'Not checked yet',
};

const CIRCUITS: Record<string, string> = {
  closed: 'requests pass',
  open: 'requests paused after repeated failures',
  half_open: 'trying a request again',
  'half-open': 'trying a request again',
};

function escape(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}

/** "3 minutes ago" (and the moment itself, in UTC), or "never". */
export function lastCheckInWords(iso: string | null | undefined, now: Date): string {
  if (!iso) return 'never';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return 'unknown';
  const seconds = Math.max(0, Math.round((now.getTime() - at.getTime()) / 1000));
  const ago =
    seconds < 60
      ? `${seconds} second${seconds === 1 ? '' : 's'} ago`
      : seconds < 3600
        ? `${Math.round(seconds / 60)} minute${Math.round(seconds / 60) === 1 ? '' : 's'} ago`
        : `${Math.round(seconds / 3600)} hour${Math.round(seconds / 3600) === 1 ? '' : 's'} ago`;
  return `${ago} (${at.toISOString().slice(0, 19).replace('T', ' ')} UTC)`;
}

/** "99.5% of 1,204 checks and requests", or what is known when nothing was asked. */
export function availabilityInWords(availability: StatusEntry['availability24h']): string {
  if (!availability || availability.ratio === null) return 'nothing asked of it in the last 24 hours';
  const percent = Math.floor(availability.ratio * 1000) / 10;
  const count = availability.checks.toLocaleString('en');
  return `${percent}% answered, of ${count} check${availability.checks === 1 ? '' : 's'} and requests`;
}

export function stateInWords(state: string | undefined): string {
  return STATES[state ?? 'unknown'] ?? `State: ${state}`;
}

function countryName(code: string | undefined): string {
  if (!code) return '';
  try {
    return new Intl.DisplayNames(['en'], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

function row(entry: StatusEntry, now: Date, name: string): string {
  const state = entry.state ?? 'unknown';
  // The network registry is probed for each page: it has no last check or history of its own.
  const live = entry.lastCheck === undefined && typeof entry.latencyMs === 'number';
  const circuit = entry.circuit ? (CIRCUITS[entry.circuit] ?? entry.circuit) : '';
  const notes = [
    entry.inRouting === false ? 'not in routing' : '',
    circuit,
    entry.detail ? `last problem: ${entry.detail}` : '',
  ].filter(Boolean);
  return `<tr data-state="${escape(state)}">
          <th scope="row">${escape(name)}</th>
          <td class="state ${escape(state)}">${escape(stateInWords(state))}</td>
          <td>${escape(live ? 'just now (checked for this page)' : lastCheckInWords(entry.lastCheck, now))}</td>
          <td>${entry.latencyMs === null || entry.latencyMs === undefined ? 'not measured' : `${escape(String(entry.latencyMs))} ms`}</td>
          <td>${escape(live ? 'not kept (checked for each page)' : availabilityInWords(entry.availability24h))}</td>
          <td>${escape(notes.join('; ') || '–')}</td>
        </tr>`;
}

/** The page: a table a person reads, light or dark as the system is. */
export function statusPage(status: unknown, now: Date = new Date()): string {
  const body = (status ?? {}) as StatusBody;
  const entries: { entry: StatusEntry; name: string }[] = [
    ...(body.countries ?? []).map((c) => ({ entry: c, name: `${countryName(c.code)} (${c.code})` })),
    ...(body.subgraphs ?? []).map((s) => ({ entry: s, name: `Subgraph ${s.name ?? ''}` })),
    ...(body.network ? [{ entry: body.network, name: 'Network registry' }] : []),
  ];
  const down = (body.countries ?? []).filter((c) => c.state !== 'up').map((c) => countryName(c.code));
  const summary =
    down.length === 0
      ? 'Every country answers.'
      : `${down.join(', ')} ${down.length === 1 ? 'does' : 'do'} not answer normally; the other countries are served as usual.`;
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="color-scheme" content="light dark" />
    <title>Nordic network status</title>
    <style>
      :root { color-scheme: light dark; font-family: system-ui, sans-serif; color: #1d2733; background: #f3f5f8; }
      body { margin: 0 auto; max-width: 70rem; padding: 0 1rem 2rem; }
      table { border-collapse: collapse; width: 100%; background: #fff; }
      th, td { text-align: left; padding: 0.35rem 0.5rem; border-bottom: 1px solid #d9dee4; vertical-align: top; }
      .state.up { color: #1e6b41; } .state.down, .state.timing_out, .state.schema_mismatch { color: #a02a31; font-weight: 600; }
      .note { color: #4f5966; }
      .scroll { overflow-x: auto; }
      @media (prefers-color-scheme: dark) {
        :root { color: #e6e9ee; background: #12171d; }
        table { background: #1c232c; } th, td { border-color: #3a4350; }
        .state.up { color: #5cc08a; } .state.down, .state.timing_out, .state.schema_mismatch { color: #ff8a8a; }
        .note { color: #aab3bd; }
      }
    </style>
  </head>
  <body>
    <main>
      <h1>Nordic network status</h1>
      <p id="summary">${escape(summary)}</p>
      <div class="scroll" role="region" aria-labelledby="countries-caption" tabindex="0">
      <table>
        <caption id="countries-caption">Each national service as this gateway sees it, as of ${escape(now.toISOString().slice(0, 19).replace('T', ' '))} UTC</caption>
        <thead><tr><th scope="col">Service</th><th scope="col">State</th><th scope="col">Last check</th><th scope="col">Latency</th><th scope="col">Availability, last 24 hours</th><th scope="col">Notes</th></tr></thead>
        <tbody>
        ${entries.map(({ entry, name }) => row(entry, now, name)).join('\n        ')}
        </tbody>
      </table>
      </div>
      <p class="note">Availability is the share of this gateway's checks and requests the service answered. Reload the page for the latest state (it does not reload by itself, so that nobody loses their place); programs get the same as JSON (<code>Accept: application/json</code>).</p>
    </main>
  </body>
</html>
`;
}

/** Content security for the page: no script at all, its own inline style only. */
export const STATUS_PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
