import { drawChart } from './charts';
import { downloadCsv, toCsv } from './csv';
import type { TableModel, ViewModel } from './views';

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A suppressed or unavailable cell gets a class, so it reads as such at a glance. */
function cellClass(text: string): string | null {
  if (text.startsWith('<') || text.startsWith('suppressed') || text === 'not reported') return 'suppressed';
  if (text.endsWith('+')) return 'partly-suppressed';
  if (text.startsWith('unavailable')) return 'unavailable';
  return null;
}

export function renderTable(container: HTMLElement, table: TableModel): void {
  const node = element('table');
  const head = element('tr');
  for (const title of table.header) head.append(element('th', { scope: 'col' }, title));
  node.append(element('thead'));
  node.tHead?.append(head);
  const body = element('tbody');
  for (const row of table.rows) {
    const tr = element('tr');
    row.forEach((text, i) => {
      const td = element(i === 0 ? 'th' : 'td', i === 0 ? { scope: 'row' } : {}, text);
      const kind = cellClass(text);
      if (kind) td.classList.add(kind);
      tr.append(td);
    });
    body.append(tr);
  }
  node.append(body);
  container.replaceChildren(node);
}

/** How many hidden cells a chart's note names; the table has them all. */
const NOT_DRAWN_LISTED = 12;

/**
 * Fills one view's card: the chart, the list of hidden cells it cannot draw, the table, and the CSV
 * button (the CSV holds exactly the table's text, so suppression is the same).
 */
export function renderView(view: string, model: ViewModel, fileName: string): void {
  const card = document.querySelector<HTMLElement>(`[data-view="${view}"]`);
  if (!card) return;
  drawChart(view, card.querySelector('.chart') as HTMLElement, model.chart);
  const notDrawn = card.querySelector('.not-drawn') as HTMLElement;
  const listed = model.notDrawn.slice(0, NOT_DRAWN_LISTED);
  const more = model.notDrawn.length - listed.length;
  notDrawn.textContent =
    model.notDrawn.length === 0
      ? ''
      : `Not drawn (suppressed): ${listed.join('; ')}${more > 0 ? `; and ${more} more (see the table)` : ''}`;
  renderTable(card.querySelector('.table') as HTMLElement, model.table);
  const button = card.querySelector('button.csv') as HTMLButtonElement;
  button.onclick = () => downloadCsv(fileName, toCsv(model.table.header, model.table.rows));
}
