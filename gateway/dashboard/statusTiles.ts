import type { CountryState } from './api';
import { reasonInWords } from './countryReasons';
import { t } from './i18n';

const STATE_TEXT = {
  up: 'status.up',
  down: 'status.down',
  timing_out: 'status.timing_out',
  schema_mismatch: 'status.schema_mismatch',
} as const;

function stateText(state: string): string {
  return t(STATE_TEXT[state as keyof typeof STATE_TEXT] ?? 'status.unknown');
}

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
        ? t('status.unavailable', { reason: reasonInWords(failed.get(code) as string) })
        : stateText(state);
      tile.append(name, text);
      if (!selected.includes(code)) {
        const note = document.createElement('span');
        note.className = 'visually-hidden';
        note.textContent = `(${t('status.notSelected')})`;
        tile.append(note);
      }
      if (known?.detail) tile.title = known.detail;
      return tile;
    }),
  );
}
