import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The documentation holds together: every relative link in README.md and docs/ reaches a file that
 * exists and, with a `#fragment`, a heading of that file (GitHub's heading ids); every "DOMAIN §x" the
 * code and the docs cite is a section of docs/domain.md; and every error code the services define is
 * documented. Reads files only: no build, no processes.
 */

const ROOT = join(__dirname, '..', '..');
const DOMAIN_FILE = join(ROOT, 'docs', 'domain.md');

/** The id GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens (github-slugger). */
function githubSlug(headingText: string): string {
  return headingText
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** A heading's text as rendered: inline code, emphasis and link syntax removed. */
function renderedText(markdown: string): string {
  return markdown
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/(\*\*|__)(.*?)\1/g, '$2')
    .replace(/(^|[^\p{L}\p{N}])[*_](\S(?:.*?\S)?)[*_](?=$|[^\p{L}\p{N}])/gu, '$1$2')
    .replace(/<[^>]+>/g, '');
}

/** Markdown lines outside fenced code blocks, with their 1-based line numbers. */
function proseLines(markdown: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  let fence: string | null = null;
  markdown.split('\n').forEach((text, i) => {
    const marker = /^\s*(```|~~~)/.exec(text)?.[1];
    if (marker) {
      fence = fence === marker ? null : (fence ?? marker);
      return;
    }
    if (fence === null) out.push({ line: i + 1, text });
  });
  return out;
}

/** The anchors a Markdown file offers: its headings' ids (repeats get -1, -2, …) and explicit `<a id>`s. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const { text } of proseLines(markdown)) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(text);
    if (heading) {
      const base = githubSlug(renderedText(heading[1]!));
      const count = seen.get(base) ?? 0;
      seen.set(base, count + 1);
      anchors.add(count === 0 ? base : `${base}-${count}`);
    }
    for (const explicit of text.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(explicit[1]!);
  }
  return anchors;
}

/** Relative link targets in a Markdown file (inline links and images; code spans and fences ignored). */
function linksOf(markdown: string): { line: number; target: string }[] {
  const links: { line: number; target: string }[] = [];
  for (const { line, text } of proseLines(markdown)) {
    const prose = text.replace(/`[^`]*`/g, '');
    for (const match of prose.matchAll(/!?\[(?:[^\]]|\][^(])*?\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      const target = match[1]!;
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:, …
      links.push({ line, target });
    }
  }
  return links;
}

/** Why a link from `fromFile` does not resolve, or null when it does. */
function brokenLink(fromFile: string, target: string): string | null {
  const [pathPart, fragment] = target.split('#', 2) as [string, string | undefined];
  const file = pathPart === '' ? fromFile : resolve(dirname(fromFile), decodeURIComponent(pathPart));
  if (!existsSync(file)) return `no file ${relative(ROOT, file)}`;
  if (fragment === undefined) return null;
  if (statSync(file).isDirectory() || !file.endsWith('.md'))
    return `#${fragment} in a file that is not Markdown`;
  const anchors = anchorsOf(readFileSync(file, 'utf8'));
  return anchors.has(decodeURIComponent(fragment))
    ? null
    : `no heading #${fragment} in ${relative(ROOT, file)}`;
}

function filesUnder(dir: string, keep: (name: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (['node_modules', 'dist', 'data', 'test-artifacts', '.git'].includes(entry.name)) return [];
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path, keep) : keep(entry.name) ? [path] : [];
  });
}

const MARKDOWN_FILES = [join(ROOT, 'README.md'), ...filesUnder(join(ROOT, 'docs'), (n) => n.endsWith('.md'))];
const SOURCE_FILES = ['schema', 'subgraphs', 'gateway', 'test', 'scripts', 'docker'].flatMap((dir) =>
  filesUnder(join(ROOT, dir), (n) => /\.(ts|js|mjs|yaml|yml)$/.test(n) || n === 'Dockerfile'),
);

/** The sections, use cases (§3's table) and generator rules (§5.4's list) docs/domain.md has. */
function domainReference(markdown: string): {
  sections: Set<string>;
  useCases: Set<string>;
  rules: Set<string>;
} {
  const sections = new Set<string>();
  const useCases = new Set<string>();
  const rules = new Set<string>();
  let current = '';
  for (const { text } of proseLines(markdown)) {
    const heading = /^#{2,3}\s+(\d+(?:\.\d+)*)\.?\s/.exec(text);
    if (heading) {
      current = heading[1]!;
      sections.add(current);
    } else if (/^#{2,3}\s/.test(text)) current = '';
    const useCase = /^\|\s*(\d+)\s*\|/.exec(text);
    if (current === '3' && useCase) useCases.add(useCase[1]!);
    const rule = /^(\d+)\.\s/.exec(text);
    if (current === '5.4' && rule) rules.add(rule[1]!);
  }
  return { sections, useCases, rules };
}

/** Every "DOMAIN §x" citation in a text (comment line breaks joined), as the references it makes. */
function domainCitations(
  text: string,
): { citation: string; kind: 'section' | 'use case' | 'rule'; id: string }[] {
  const joined = text.replace(/\s*\n\s*(?:\*(?!\/)|\/\/|#)?\s*/g, ' ');
  const out: { citation: string; kind: 'section' | 'use case' | 'rule'; id: string }[] = [];
  for (const match of joined.matchAll(/(?:\bDOMAIN(?:\.md)?\b|\bdocs\/domain\.md\b)`?([^)\];:"]{0,100})/g)) {
    const clause = match[1]!;
    const citation = `${match[0].slice(0, match[0].length - clause.length)}${clause}`.trim();
    for (const s of clause.matchAll(/§\s*(\d+(?:\.\d+)*)(?:\s*[–-]\s*§?(\d+(?:\.\d+)*))?/g)) {
      for (const id of [s[1], s[2]]) if (id) out.push({ citation, kind: 'section', id });
    }
    for (const u of clause.matchAll(/use cases?\s+(\d+)(?:\s*[–-]\s*(\d+))?/g)) {
      for (const id of [u[1], u[2]]) if (id) out.push({ citation, kind: 'use case', id });
    }
    for (const r of clause.matchAll(/\brule\s+(\d+)/g)) out.push({ citation, kind: 'rule', id: r[1]! });
  }
  return out;
}

describe('the documentation', () => {
  it('has the pages the README points each reader to', () => {
    for (const page of [
      'coordinators',
      'analysts',
      'national-teams',
      'operators',
      'security',
      'developers',
      'errors',
      'benchmarks',
      'domain',
    ]) {
      expect({ page, exists: existsSync(join(ROOT, 'docs', `${page}.md`)) }).toEqual({ page, exists: true });
    }
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm ci && npm test');
  });

  it('links only to files and headings that exist (README.md and docs/**/*.md)', () => {
    const broken: string[] = [];
    let checked = 0;
    for (const file of MARKDOWN_FILES) {
      for (const { line, target } of linksOf(readFileSync(file, 'utf8'))) {
        checked += 1;
        const why = brokenLink(file, target);
        if (why) broken.push(`${relative(ROOT, file)}:${line}: (${target}) ${why}`);
      }
    }
    expect(broken).toEqual([]);
    expect(checked).toBeGreaterThan(50);
  });

  it('cites only sections, use cases and rules of docs/domain.md that exist ("DOMAIN §x" in code and docs)', () => {
    const domain = domainReference(readFileSync(DOMAIN_FILE, 'utf8'));
    expect([...domain.sections]).toEqual(
      expect.arrayContaining(['1.3', '2', '3', '4.2', '4.4', '4.5', '4.6', '5.4']),
    );
    const missing: string[] = [];
    let checked = 0;
    for (const file of [...SOURCE_FILES, ...MARKDOWN_FILES]) {
      if (file === DOMAIN_FILE) continue;
      for (const { citation, kind, id } of domainCitations(readFileSync(file, 'utf8'))) {
        checked += 1;
        const known =
          kind === 'section' ? domain.sections : kind === 'use case' ? domain.useCases : domain.rules;
        if (!known.has(id))
          missing.push(`${relative(ROOT, file)}: "${citation}" — no ${kind} ${id} in docs/domain.md`);
      }
    }
    expect(missing).toEqual([]);
    expect(checked).toBeGreaterThan(40);
  });

  it('documents every error code the services define (in docs/)', () => {
    const docs = filesUnder(join(ROOT, 'docs'), (n) => n.endsWith('.md'))
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    const catalogues = [
      'schema/src/errors.ts',
      'gateway/src/errors.ts',
      'subgraphs/common/src/limits/codes.ts',
      'gateway/src/persistedQueries/codes.ts',
    ];
    const codes = catalogues.flatMap((file) =>
      [...readFileSync(join(ROOT, file), 'utf8').matchAll(/^\s+([A-Z][A-Z0-9_]+): '\1',?$/gm)].map(
        (m) => m[1]!,
      ),
    );
    expect(codes.length).toBeGreaterThan(30);
    expect(codes.filter((code) => !docs.includes(`\`${code}\``))).toEqual([]);
  });
});

describe('the link checker itself', () => {
  it('derives GitHub heading ids', () => {
    expect(githubSlug(renderedText('Who may see what (authorization and purpose)'))).toBe(
      'who-may-see-what-authorization-and-purpose',
    );
    expect(githubSlug(renderedText('4.2 Roles and what each may see **[GUESS, proposed]**'))).toBe(
      '42-roles-and-what-each-may-see-guess-proposed',
    );
    expect(githubSlug(renderedText("Your country's cases"))).toBe('your-countrys-cases');
    expect(githubSlug(renderedText('1.3 Eurostat statistics (`crim_thb`)'))).toBe(
      '13-eurostat-statistics-crim_thb',
    );
    expect([...anchorsOf('# A\n\n## Notes\n\n```sh\n# not a heading\n```\n\n## Notes\n')]).toEqual([
      'a',
      'notes',
      'notes-1',
    ]);
  });

  it('reports a missing file, a missing heading and a heading inside a code block', () => {
    const readme = join(ROOT, 'README.md');
    expect(brokenLink(readme, 'docs/operators.md#runbook')).toBeNull();
    expect(brokenLink(readme, 'docs/no-such-page.md')).toBe('no file docs/no-such-page.md');
    expect(brokenLink(readme, 'docs/operators.md#no-such-heading')).toBe(
      'no heading #no-such-heading in docs/operators.md',
    );
    expect(linksOf('see [a](a.md), `[b](b.md)`, [c](https://x.example)\n```\n[d](d.md)\n```\n')).toEqual([
      { line: 1, target: 'a.md' },
    ]);
  });

  it('reads "DOMAIN §x" citations across comment lines, in lists and ranges', () => {
    const cite = (text: string): string[] => domainCitations(text).map((c) => `${c.kind} ${c.id}`);
    expect(cite(' * trafficking data collection (DOMAIN\n * §1.3): registered victims')).toEqual([
      'section 1.3',
    ]);
    expect(cite('(DOMAIN §4.2, §4.4) and')).toEqual(['section 4.2', 'section 4.4']);
    expect(cite('after docs/domain.md §5.1–5.3. Weights')).toEqual(['section 5.1', 'section 5.3']);
    expect(cite('(DOMAIN §3 use cases 7–9): the states')).toEqual(['section 3', 'use case 7', 'use case 9']);
    expect(cite('(DOMAIN §5.4 rule 1: no real people)')).toEqual(['section 5.4', 'rule 1']);
    expect(cite('DOMAIN_KEY §9')).toEqual([]);
  });
});
