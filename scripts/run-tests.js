/**
 * `npm test`'s runner: Jest in two phases.
 *
 * 1. Every test but the reliability tests, two at a time (jest.config.js's `maxWorkers`).
 * 2. The reliability tests (test/reliability/), one at a time, alone on the machine.
 *
 * Why: the reliability tests put the network under load and judge every answer against a country's
 * timeout (2.5 s). Run beside another test file (a browser running axe, a disclosure attack), the two
 * cores were shared with a load nobody measured: answers from countries that were never faulted waited
 * over a second in the kernel's queues and timed out (docs/testing-timing.md, "Load tests run alone").
 * Phase 2 gives the load tests the machine they measure.
 *
 * Arguments are passed to both phases (a path pattern selects within each; a phase with nothing to run
 * passes). With `--json --outputFile=F`, each phase writes its own file and F receives the two merged,
 * so CI counts every test of both phases from one file. The exit status is non-zero if either phase
 * failed; phase 2 runs even when phase 1 failed, so one run reports everything.
 */
'use strict';
const { spawnSync } = require('node:child_process');
const { readFileSync, writeFileSync, rmSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const jestBin = require.resolve('jest/bin/jest', { paths: [root] });
const args = process.argv.slice(2);

/** `--outputFile=F` or `--outputFile F`: where the merged JSON goes, and the arguments without it. */
function takeOutputFile(list) {
  const rest = [];
  let file = null;
  for (let i = 0; i < list.length; i++) {
    const arg = list[i];
    if (arg.startsWith('--outputFile=')) file = arg.slice('--outputFile='.length);
    else if (arg === '--outputFile') file = list[++i] ?? null;
    else rest.push(arg);
  }
  return { file, rest };
}

/** Runs the phases; returns the exit status. */
function main() {
  const { file, rest } = takeOutputFile(args);
  const phases = [
    { name: 'suite', extra: [] },
    { name: 'reliability', extra: ['--runInBand'] },
  ];

  let failed = false;
  const parts = [];
  for (const phase of phases) {
    const part = file ? `${file}.${phase.name}` : null;
    if (part) rmSync(part, { force: true });
    console.log(`\n── npm test, phase ${phase.name} ──\n`);
    const result = spawnSync(
      process.execPath,
      [jestBin, '--passWithNoTests', ...phase.extra, ...rest, ...(part ? [`--outputFile=${part}`] : [])],
      { cwd: root, stdio: 'inherit', env: { ...process.env, JEST_PHASE: phase.name } },
    );
    if (result.status !== 0) failed = true;
    if (part) parts.push(part);
  }

  if (file) writeFileSync(file, JSON.stringify(mergeResults(parts)));
  return failed ? 1 : 0;
}

if (require.main === module) process.exit(main());
module.exports = { mergeResults };

/** Jest's JSON results of the phases as one: counts summed, test files listed together. */
function mergeResults(files) {
  const results = files.map((f) => {
    try {
      return JSON.parse(readFileSync(f, 'utf8'));
    } catch {
      // A phase that could not write its results counts as one failed suite.
      return { success: false, numRuntimeErrorTestSuites: 1, numFailedTestSuites: 1, testResults: [] };
    }
  });
  const merged = { ...results[0], testResults: [] };
  for (const key of Object.keys(merged)) if (typeof merged[key] === 'number') merged[key] = 0;
  for (const r of results) {
    for (const [key, value] of Object.entries(r)) {
      if (typeof value === 'number' && key !== 'startTime') merged[key] = (merged[key] ?? 0) + value;
    }
    merged.testResults.push(...(r.testResults ?? []));
  }
  merged.startTime = Math.min(...results.map((r) => r.startTime ?? Date.now()));
  merged.success = results.every((r) => r.success === true);
  return merged;
}
