import type { ZodError } from 'zod';

/**
 * Turns a zod validation failure into one message per bad key, naming the key, what is wrong and
 * how to fix it, for a service that refuses to start.
 */
export function describeConfigError(error: ZodError, hints: Record<string, string> = {}): string {
  const lines = error.issues.map((issue) => {
    const key = issue.path.join('.') || '(root)';
    const hint = hints[key] ? ` Fix: ${hints[key]}` : '';
    return `  - ${key}: ${issue.message}.${hint}`;
  });
  return `invalid configuration:\n${lines.join('\n')}`;
}

/** Reads `--name value` and `--name=value` flags into an object; bare `--flag` is "true". */
export function parseFlags(argv: readonly string[]): Record<string, string> {
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith('--'))
      throw new Error(`unexpected argument "${arg}"; options look like --name value`);
    const eq = arg.indexOf('=');
    if (eq > 0) {
      flags[arg.slice(2, eq)] = arg.slice(eq + 1);
    } else {
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith('--')) {
        flags[arg.slice(2)] = next;
        i++;
      } else flags[arg.slice(2)] = 'true';
    }
  }
  return flags;
}
