import { downloadChart } from './chartImage';
import { drawChart } from './charts';
import { downloadCsv } from './csv';
import { t } from './i18n';
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

/** A table with column and row headers; a hidden or unavailable cell gets a class, so it reads as such. */
export function renderTable(container: HTMLElement, table: TableModel, caption: string): void {
  const node = element('table');
  node.append(element('caption', { class: 'visually-hidden' }, caption));
  const head = element('tr');
  for (const title of [...table.labelHeader, ...table.columns.map((c) => c.title)])
    head.append(element('th', { scope: 'col' }, title));
  node.append(element('thead'));
  node.tHead?.append(head);
  const body = element('tbody');
  for (const row of table.rows) {
    const tr = element('tr');
    row.labels.forEach((text, i) =>
      tr.append(element(i === 0 ? 'th' : 'td', i === 0 ? { scope: 'row' } : {}, text)),
    );
    if (row.note) {
      // A country that did not answer: said once across the row, not in every cell.
      const td = element('td', { colspan: String(table.columns.length || 1) }, row.note.text);
      td.classList.add(row.note.kind, 'across');
      tr.append(td);
    }
    for (const cell of row.cells) {
      const td = element('td', {}, cell.text);
      if (cell.kind !== 'figure') td.classList.add(cell.kind);
      if (cell.provisional) td.classList.add('provisional');
      tr.append(td);
    }
    body.append(tr);
  }
  node.append(body);
  container.replaceChildren(node);
}

/** How many hidden cells a chart's note names; the table has them all. */
const NOT_DRAWN_LISTED = 12;

/**
 * Fills one view's card: its title, the chart (named for screen readers, who read the table), the
 * list of hidden cells it cannot draw, the table, and the CSV button (`csv` builds the file from the
 * same cells, so suppression is the same).
 */
export function renderView(
  view: string,
  model: ViewModel,
  fileName: string,
  csv: (model: ViewModel) => string,
): void {
  const card = document.querySelector<HTMLElement>(`[data-view="${view}"]`);
  if (!card) return;
  (card.querySelector('h2') as HTMLElement).textContent = model.title;
  const chartBox = card.querySelector('.chart') as HTMLElement;
  chartBox.setAttribute('aria-label', t('view.chartName', { title: model.title }));
  const notDrawn = card.querySelector('.not-drawn') as HTMLElement;
  const listed = model.notDrawn.slice(0, NOT_DRAWN_LISTED);
  const more = model.notDrawn.length - listed.length;
  const list =
    more > 0 ? t('view.notDrawnMore', { list: listed.join('; '), count: more }) : listed.join('; ');
  notDrawn.textContent = model.notDrawn.length === 0 ? '' : t('view.notDrawn', { list });
  const tableBox = card.querySelector('.table') as HTMLElement;
  tableBox.setAttribute('aria-label', t('view.tableName', { title: model.title }));
  renderTable(tableBox, model.table, model.title);
  const button = card.querySelector('button.csv') as HTMLButtonElement;
  button.setAttribute('aria-label', t('view.csvName', { title: model.title }));
  button.onclick = () => downloadCsv(fileName, csv(model));
  const chart = drawChart(view, chartBox, model.chart);
  for (const format of ['png', 'svg'] as const) {
    const image = card.querySelector(`button.${format}`) as HTMLButtonElement | null;
    if (!image) continue;
    image.setAttribute(
      'aria-label',
      t('view.imageName', { title: model.title, format: format.toUpperCase() }),
    );
    image.onclick = () =>
      void downloadChart(
        chart,
        format,
        fileName.replace(/\.csv$/, ''),
        getComputedStyle(card).backgroundColor,
      );
  }
}
