import type { CountryState } from './api';

const STATE_TEXT: Record<string, string> = {
  up: 'up',
  down: 'down',
  timing_out: 'timing out',
  schema_mismatch: 'schema mismatch',
};

/**
 * One tile per national service: the gateway's view (/status) and whether the country answered this
 * page's request. A country that did not answer is shown as unavailable; the others stay usable.
 */
export function renderStatus(
  members: readonly string[],
  states: CountryState[] | null,
  failed: ReadonlyMap<string, string>,
  selected: readonly string[],
): void {
  const container = document.getElementById('status') as HTMLElement;
  container.replaceChildren(
    ...members.map((code) => {
      const known = states?.find((s) => s.code === code);
      const state = known?.state ?? 'unknown';
      const tile = document.createElement('li');
      tile.dataset.country = code;
      tile.dataset.state = state;
      tile.dataset.answered = failed.has(code) ? 'false' : 'true';
      tile.className = `tile ${failed.has(code) ? 'unavailable' : state}`;
      if (!selected.includes(code)) tile.classList.add('not-selected');
      const name = document.createElement('strong');
      name.textContent = code;
      const text = document.createElement('span');
      text.textContent = failed.has(code)
        ? `unavailable (${failed.get(code)})`
        : (STATE_TEXT[state] ?? state);
      tile.append(name, text);
      if (known?.detail) tile.title = known.detail;
      return tile;
    }),
  );
}
