import { tableCell, sumCell, sumCells, unavailableCell } from '../../gateway/dashboard/cells';
import { neutralise, toCsv } from '../../gateway/dashboard/csv';
import type { EurostatAnswer } from '../../gateway/dashboard/dashboardQuery';
import { eurostatCells, eurostatCsv } from '../../gateway/dashboard/eurostatCsv';
import { exportMetadata, protectionOf, tableCsv } from '../../gateway/dashboard/exportCsv';
import { setLanguage } from '../../gateway/dashboard/i18n';
import type { TableModel } from '../../gateway/dashboard/views';

const perturbed = (value: number) => ({
  value,
  suppressed: false,
  suppression: null,
  threshold: 5,
  perturbed: true,
  maxDeviation: 3,
});
const small = { value: null, suppressed: true, suppression: 'PRIMARY_SMALL_CELL', threshold: 5 };
const notReported = { value: null, suppressed: true, suppression: 'NOT_REPORTED', threshold: 5 };

/** Splits an RFC 4180 CSV into lines of fields (quotes removed). */
function parse(csv: string): string[][] {
  expect(csv.endsWith('\r\n')).toBe(true);
  const lines: string[][] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const c = csv[i]!;
    if (quoted && c === '"' && csv[i + 1] === '"') {
      field += '"';
      i++;
    } else if (quoted && c === '"') {
      quoted = false;
    } else if (quoted) {
      field += c;
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\r' && csv[i + 1] === '\n') {
      lines.push([...fields, field]);
      fields = [];
      field = '';
      i++;
    } else {
      field += c;
    }
  }
  return lines;
}

describe('CSV exports of the dashboard', () => {
  beforeEach(() => setLanguage('en'));

  it('neutralises every text cell a spreadsheet would run as a formula (OWASP CSV injection)', () => {
    for (const attack of ['=HYPERLINK("http://x","y")', '+1+cmd|/C calc', '-2+3', '@SUM(A1)', '\tx', '\rx'])
      expect(neutralise(attack)).toBe(`'${attack}`);
    expect(neutralise('Finland')).toBe('Finland');
    expect(neutralise('< 5')).toBe('< 5');
    expect(neutralise(12)).toBe('12');
    expect(neutralise(null)).toBe('');
    const csv = toCsv(
      null,
      ['label', 'value'],
      [
        ['=1+1', 3],
        ['@cmd', null],
        ['a,"b"', 4],
      ],
    );
    expect(csv).toBe(`label,value\r\n'=1+1,3\r\n'@cmd,\r\n"a,""b""",4\r\n`);
    // A formula hidden behind a quote is still neutralised inside the quotes.
    expect(toCsv(null, ['x'], [['=a,b']])).toBe(`x\r\n"'=a,b"\r\n`);
  });

  it('writes a table one cell per line: numbers only in the value column, the reason in the flag column', () => {
    const table: TableModel = {
      labelHeader: ['Country'],
      columnDimension: 'Year',
      columns: [{ title: '2024' }, { title: '2025' }],
      rows: [
        { labels: ['Finland'], cells: [tableCell(perturbed(1234)), tableCell(small)] },
        { labels: ['-Evil'], cells: [tableCell(notReported), tableCell(undefined)] },
        {
          labels: ['Norway'],
          cells: [unavailableCell('COUNTRY_UNAVAILABLE'), sumCell(sumCells([perturbed(10), small]))],
        },
      ],
    };
    const metadata = exportMetadata(
      'Registered victims',
      ['FI', 'NO'],
      '/graphql',
      [perturbed(1), small],
      new Date('2026-12-03T10:00:00Z'),
      {
        years: '2024-2025',
      },
    );
    const lines = parse(tableCsv(table, metadata));
    expect(lines.slice(0, 7)).toEqual([
      ['# title', 'Registered victims'],
      [
        '# source',
        'Nordic anti-trafficking dashboard: national services of FI, NO in the Nordic anti-trafficking network, read through /graphql',
      ],
      [
        '# protection',
        'cell-key perturbation: each figure at most ±3 from the true count; counts below 5 suppressed',
      ],
      ['# generatedAt', '2026-12-03T10:00:00.000Z'],
      ['# language', 'en'],
      ['# years', '2024-2025'],
      ['Country', 'Year', 'value', 'flag'],
    ]);
    expect(lines.slice(7)).toEqual([
      ['Finland', '2024', '1234', 'perturbed'],
      ['Finland', '2025', '', '< 5'],
      ["'-Evil", '2024', '', 'not reported'],
      ["'-Evil", '2025', '0', ''],
      ['Norway', '2024', '', 'unavailable'],
      ['Norway', '2025', '10', 'at least'],
    ]);
    for (const line of lines.slice(7)) expect(line[2]).toMatch(/^(\d+(\.\d+)?)?$/);
  });

  it('states the protection in the chosen language, from the cells themselves', () => {
    setLanguage('fi');
    expect(protectionOf([perturbed(7)])).toBe(
      'solukohtainen satunnaistus: jokainen luku enintään ±3 todellisesta',
    );
    expect(protectionOf([])).toBe('ei ilmoitettu');
    const metadata = exportMetadata('x', ['FI'], '/graphql', [], new Date(0));
    expect(metadata.language).toBe('fi');
    // The table's own text is in Finnish, the CSV's value stays a plain number.
    expect(tableCell(perturbed(1234)).text).toBe('1\u00a0234');
    expect(tableCell(perturbed(1234)).value).toBe(1234);
  });

  it('exports the Eurostat breakdown with numbers only in the value column, and a flag column', () => {
    const total = { year: 2025, sex: null, ageGroup: null, citizenshipGroup: null };
    const rest = { exploitationGroup: null, registeringOrgType: null };
    const answer: EurostatAnswer = {
      countries: [
        {
          code: 'FI',
          eurostatExport: [
            {
              table: 'registered_victims',
              measure: 'REGISTERED_VICTIMS',
              rows: [
                { ...total, ...rest, ...perturbed(41) },
                { ...total, ...rest, sex: 'F', exploitationGroup: '=cmd', ...small },
              ],
            },
            { table: 'prosecuted', measure: 'PROSECUTED', rows: [{ ...total, ...rest, ...notReported }] },
          ],
        },
        { code: 'SE', eurostatExport: null },
      ],
    };
    const cells = eurostatCells(answer, ['FI', 'SE']);
    const lines = parse(
      eurostatCsv(
        answer,
        ['FI', 'SE'],
        exportMetadata('Eurostat THB export', ['FI'], '/graphql', cells, new Date(0)),
      ),
    );
    const header = lines[5]!;
    expect(header.slice(9, 13)).toEqual(['value', 'flag', 'obs_status', 'conf_status']);
    const rows = lines.slice(6);
    expect(rows.map((r) => [r[7], r[9], r[10], r[11], r[12]])).toEqual([
      ['', '41', 'perturbed', 'E', 'F'],
      ["'=cmd", '', '< 5', 'A', 'C'],
      ['', '', 'not reported', 'M', 'F'],
    ]);
  });
});
