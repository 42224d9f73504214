import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const DOC = join(__dirname, '..', '..', 'docs/security/enforcement-point.md');

/** The rows (cells trimmed, header and rule left out) of a `policy-table:<name>` of the enforcement-point page. */
export function policyTable(name: string): string[][] {
  const text = readFileSync(DOC, 'utf8');
  const block = text.split(`<!-- policy-table:${name} -->`)[1]?.split(`<!-- /policy-table:${name} -->`)[0];
  if (!block) throw new Error(`docs/security/enforcement-point.md has no table ${name}`);
  return block
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .slice(2)
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
}
