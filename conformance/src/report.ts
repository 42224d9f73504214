/** The report: a summary for a person at a terminal, and JUnit XML for CI (one test suite per area). */
import { AREAS } from './checks/check';
import type { ConformanceReport, ResultOfCheck } from './run';

const MARK = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP' } as const;
const WORD = { pass: 'passed', fail: 'failed', skip: 'skipped' } as const;

export function totals(report: ConformanceReport): Record<'pass' | 'fail' | 'skip', number> {
  const count = { pass: 0, fail: 0, skip: 0 };
  for (const result of report.results) count[result.status] += 1;
  return count;
}

export function resultLine(result: ResultOfCheck): string {
  return `  ${MARK[result.status]}  ${result.name}${result.status === 'pass' ? '' : `\n        ${result.reason}`}`;
}

function verdict(count: Record<'pass' | 'fail' | 'skip', number>): string {
  if (count.fail > 0) return 'DOES NOT CONFORM';
  return count.skip === 0 ? 'CONFORMS' : `NO FAILURE, but ${count.skip} check(s) not judged (see SKIP)`;
}

/** The human summary: every check grouped by area, failures and skips with their reason, then totals. */
export function summary(report: ConformanceReport): string {
  const lines = [
    `Conformance of ${report.country}: ${report.nationalUrl} (national), ${report.crossborderUrl} (crossborder)`,
  ];
  for (const area of AREAS) {
    const results = report.results.filter((r) => r.area === area);
    if (results.length === 0) continue;
    const counts = (['pass', 'fail', 'skip'] as const)
      .map((status) => [results.filter((r) => r.status === status).length, WORD[status]] as const)
      .filter(([n]) => n > 0)
      .map(([n, word]) => `${n} ${word}`);
    lines.push('', `${area} (${counts.join(', ')})`);
    for (const result of results) lines.push(resultLine(result));
  }
  const count = totals(report);
  lines.push('', `${count.pass} passed, ${count.fail} failed, ${count.skip} skipped — ${verdict(count)}`);
  return lines.join('\n');
}

const escape = (text: string) =>
  text.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] as string,
  );

/**
 * JUnit XML: a `<testsuite>` per area named `<country> <area>`, a `<testcase>` per check (classname
 * `conformance.<area>`), `<failure message=…>` or `<skipped message=…>` with the reason, and for a pass what
 * was seen in `<system-out>`.
 */
export function junitXml(report: ConformanceReport): string {
  const count = totals(report);
  const seconds = (ms: number) => (ms / 1000).toFixed(3);
  const suites = AREAS.flatMap((area) => {
    const results = report.results.filter((r) => r.area === area);
    if (results.length === 0) return [];
    const time = results.reduce((s, r) => s + r.durationMs, 0);
    const cases = results.map((r) => {
      const open = `    <testcase classname="conformance.${escape(area.replace(/ /g, '-'))}" name="${escape(r.name)}" time="${seconds(r.durationMs)}"`;
      if (r.status === 'pass')
        return `${open}>\n      <system-out>${escape(r.reason)}</system-out>\n    </testcase>`;
      const element = r.status === 'fail' ? 'failure' : 'skipped';
      return `${open}>\n      <${element} message="${escape(r.reason)}"/>\n    </testcase>`;
    });
    return [
      `  <testsuite name="${escape(`${report.country} ${area}`)}" tests="${results.length}" failures="${results.filter((r) => r.status === 'fail').length}" errors="0" skipped="${results.filter((r) => r.status === 'skip').length}" time="${seconds(time)}" timestamp="${report.startedAt}">`,
      ...cases,
      '  </testsuite>',
    ];
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${escape(`Nordic contract conformance of ${report.country}`)}" tests="${report.results.length}" failures="${count.fail}" errors="0" skipped="${count.skip}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
