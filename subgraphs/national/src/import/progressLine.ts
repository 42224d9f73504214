import type { ImportProgress } from './importCases';

/** "120,000 records · 21,400 records/s · 38% · ETA 0:12" — rate over the whole run, ETA from bytes read. */
export function progressLine(p: ImportProgress): string {
  const rate = p.seconds > 0 ? p.records / p.seconds : 0;
  const share = p.bytesTotal > 0 ? p.bytesRead / p.bytesTotal : 1;
  const left = share > 0 && share < 1 ? (p.seconds / share) * (1 - share) : 0;
  const eta = `${Math.floor(left / 60)}:${String(Math.round(left % 60)).padStart(2, '0')}`;
  return `${p.records.toLocaleString('en')} records · ${Math.round(rate).toLocaleString('en')} records/s · ${Math.round(share * 100)}% · ETA ${eta}`;
}
