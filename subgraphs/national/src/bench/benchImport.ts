/**
 * `npm run bench:import [-- --records 1000000 --backends sqlite,postgres --format csv]`: writes a file
 * of synthetic case records, imports it into an empty FI store on each backend, imports it again
 * (every record unchanged) and prints records/s and the peak RSS of each run as a table, with the machine
 * (the file is written by a child process, so the RSS is the importer's).
 * Goal (issue 14): ≥ 20,000 records/s on SQLite and ≥ 10,000 on PostgreSQL at a million records.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { ensureDevAuditChainKeys, ensureDevLinkageKey, parseFlags } from '@nordic/subgraph-common';
import { loadAuditChainKey } from '../audit/auditSettings';
import { useAuditChainKey } from '../audit/auditLog';
import { createDataSource } from '../database/dataSource';
import { importCases } from '../import/importCases';
import { formatOf } from '../import/recordSource';
import { loadLinkageKey } from '../matching/linkageKeyConfig';
import { writeSyntheticImportFile } from '../import/syntheticImportFile';
import { benchDatabaseUrl } from './benchDatabase';

/** CPU time of this process (the importer; PostgreSQL's own work is in its server processes). */
const cpuSeconds = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1e6;

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const records = Number(flags.records ?? 1_000_000);
  const backends = (flags.backends ?? 'sqlite,postgres').split(',');
  const format = formatOf(`x.${flags.format ?? 'csv'}`) ?? 'csv';
  if (flags['write-only']) {
    await writeSyntheticImportFile(flags['write-only'], format, 'FI', records);
    return;
  }
  const file = join(tmpdir(), `nordic-bench-import-${records}.${format}`);
  console.error(`writing ${records.toLocaleString('en')} synthetic records to ${file}…`);
  // In a process of its own, so that the peak RSS below is the importer's, not the generator's.
  const written = spawnSync(
    process.execPath,
    [__filename, '--write-only', file, '--records', String(records), '--format', format],
    { stdio: 'inherit' },
  );
  if (written.status !== 0) throw new Error(`writing ${file} failed (exit ${written.status})`);
  ensureDevAuditChainKeys();
  const linkageKey = loadLinkageKey({ LINKAGE_KEY_FILE: ensureDevLinkageKey() });
  const rows: string[][] = [];
  for (const backend of backends) {
    const url = await benchDatabaseUrl(backend, 'import_fi');
    const dataSource = createDataSource({ url });
    await dataSource.initialize();
    await dataSource.runMigrations();
    useAuditChainKey(dataSource, loadAuditChainKey('FI', {}));
    for (const pass of ['first import', 're-import (unchanged)']) {
      let peak = process.memoryUsage().rss;
      const cpu = process.cpuUsage();
      const summary = await importCases({
        dataSource,
        country: 'FI',
        file,
        format,
        referenceKey: Buffer.alloc(32, 7),
        linkageKey,
        dryRun: false,
        operator: 'bench',
        today: new Date().toISOString().slice(0, 7),
        onProgress: (p) => {
          peak = Math.max(peak, process.memoryUsage().rss);
          process.stderr.write(`  [${backend}] ${pass}: ${p.records} records\r`);
        },
      });
      rows.push([
        backend,
        pass,
        summary.records.toLocaleString('en'),
        summary.invalid.toLocaleString('en'),
        summary.seconds.toFixed(1),
        Math.round(summary.records / summary.seconds).toLocaleString('en'),
        Math.round(summary.records / cpuSeconds(process.cpuUsage(cpu))).toLocaleString('en'),
        `${Math.round(peak / 2 ** 20)} MiB`,
      ]);
    }
    await dataSource.destroy();
  }
  rmSync(file, { force: true });
  const header = [
    'backend',
    'run',
    'records',
    'invalid',
    'seconds',
    'records/s',
    'records/CPU-s',
    'peak RSS',
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] as number)).join(' | ')} |`;
  console.log(
    `\nimport benchmark, ${format.toUpperCase()} (${cpus().length} cores: ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB; load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} at the end: the machine is shared)`,
  );
  console.log(line(header));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows) console.log(line(row));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
