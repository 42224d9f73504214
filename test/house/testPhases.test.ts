import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { mergeResults } = require('../../scripts/run-tests.js') as {
  mergeResults: (files: string[]) => Record<string, unknown> & { testResults: unknown[] };
};

/** The test files Jest selects in a phase (JEST_PHASE unset: `npx jest`). */
function testFiles(phase?: string): string[] {
  const env = { ...process.env };
  delete env.JEST_PHASE;
  if (phase) env.JEST_PHASE = phase;
  const listed = execFileSync(process.execPath, [require.resolve('jest/bin/jest'), '--listTests'], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
  });
  return listed
    .split('\n')
    .filter((line) => line.endsWith('.test.ts'))
    .map((file) => relative(ROOT, file))
    .sort();
}

/**
 * `npm test` runs the suite in two phases (scripts/run-tests.js): the load tests alone after the rest.
 * No test may fall between the phases or run in both, and CI's one results file must count both.
 */
describe("npm test's two phases", () => {
  it('run every test file exactly once, the reliability tests alone in the second', () => {
    const all = testFiles();
    const suite = testFiles('suite');
    const reliability = testFiles('reliability');
    expect(reliability.length).toBeGreaterThan(0);
    expect(reliability.every((f) => f.startsWith('test/reliability/'))).toBe(true);
    expect(suite.some((f) => f.startsWith('test/reliability/'))).toBe(false);
    expect([...suite, ...reliability].sort()).toEqual(all);
  }, 60_000);

  it("merge the phases' JSON results into one that counts every test", () => {
    const dir = mkdtempSync(join(tmpdir(), 'nordic-phases-'));
    const result = (passed: number, failed: number, name: string) => ({
      success: failed === 0,
      startTime: 1000 + passed,
      numPassedTests: passed,
      numFailedTests: failed,
      numPendingTests: 0,
      numTodoTests: 0,
      numTotalTests: passed + failed,
      numRuntimeErrorTestSuites: 0,
      numTotalTestSuites: 1,
      testResults: [{ name }],
    });
    const suite = join(dir, 'suite.json');
    const reliability = join(dir, 'reliability.json');
    writeFileSync(suite, JSON.stringify(result(40, 0, 'a.test.ts')));
    writeFileSync(reliability, JSON.stringify(result(3, 1, 'b.test.ts')));
    expect(mergeResults([suite, reliability])).toMatchObject({
      success: false,
      startTime: 1003,
      numPassedTests: 43,
      numFailedTests: 1,
      numTotalTests: 44,
      numTotalTestSuites: 2,
      testResults: [{ name: 'a.test.ts' }, { name: 'b.test.ts' }],
    });
    // A phase that wrote nothing (it crashed) is a failed run, never a silent pass.
    expect(mergeResults([suite, join(dir, 'missing.json')])).toMatchObject({
      success: false,
      numPassedTests: 40,
      numRuntimeErrorTestSuites: 1,
    });
  });
});
