import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseGatewayConfig } from '../../gateway/src/config/gatewayConfig';
import { DEFAULT_PORTS } from '../../subgraphs/national/src/config';
import {
  DOCKERFILE,
  type ImageTarget,
  imageTarget,
  parseStages,
  serviceImages,
} from '../support/deployFiles';
import {
  REPO_ROOT,
  SERVICE_ENTRIES,
  SERVICE_WORKSPACES,
  type ServiceName,
  effectiveService,
} from '../support/serviceEnvironment';
import { tempDir } from '../support/services';

const images = serviceImages();
const SERVICES = Object.keys(images) as ServiceName[];
const stages = parseStages(readFileSync(DOCKERFILE, 'utf8'));

/** The workspaces a workspace needs at run time: itself and its @nordic dependencies, transitively. */
function workspaceClosure(workspace: string): string[] {
  const byName = new Map<string, string>();
  const root = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { workspaces: string[] };
  for (const w of root.workspaces)
    byName.set(JSON.parse(readFileSync(join(REPO_ROOT, w, 'package.json'), 'utf8')).name, w);
  const found = new Set<string>();
  const visit = (w: string) => {
    if (found.has(w)) return;
    found.add(w);
    const deps = JSON.parse(readFileSync(join(REPO_ROOT, w, 'package.json'), 'utf8')).dependencies ?? {};
    for (const name of Object.keys(deps)) if (byName.has(name)) visit(byName.get(name) as string);
  };
  visit(workspace);
  return [...found].sort();
}

/** Paths (under /app) the image receives from the build stage. */
function builtPaths(image: ImageTarget): string[] {
  return image.copies
    .filter((c) => c.from === 'build')
    .flatMap((c) => c.sources.map((s) => s.replace(/^\/app\//, '')));
}

/** Docker's .dockerignore matching: patterns anchored at the context root, a match excludes what is below. */
function ignoredByDockerignore(path: string): boolean {
  const patterns = readFileSync(join(REPO_ROOT, '.dockerignore'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  const toRegex = (pattern: string) => {
    const tokens = pattern.replace(/^\//, '').split(/(\*\*\/|\*\*|\*|\?)/);
    const wildcards: Record<string, string> = { '**/': '(?:.*/)?', '**': '.*', '*': '[^/]*', '?': '[^/]' };
    const body = tokens.map((t) => wildcards[t] ?? t.replace(/[.+^${}()|[\]\\]/g, '\\$&')).join('');
    return new RegExp(`^${body}$`);
  };
  const parts = path.replace(/\/$/, '').split('/');
  let ignored = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    const regex = toRegex(negated ? pattern.slice(1) : pattern);
    for (let i = 1; i <= parts.length; i++) if (regex.test(parts.slice(0, i).join('/'))) ignored = !negated;
  }
  return ignored;
}

/** Runs a HEALTHCHECK's `node -e` script with `fetch` replaced by a recorder that answers `ok`. */
function runHealthcheck(
  image: ImageTarget,
  env: Record<string, string>,
  ok = true,
): { status: number | null; url: string } {
  const [node, flag, script] = image.healthcheck?.command ?? [];
  expect([node, flag]).toEqual(['node', '-e']);
  const stub = join(tempDir('healthcheck'), 'recordFetch.js');
  writeFileSync(
    stub,
    `globalThis.fetch = async (url) => { process.stdout.write(String(url)); return { ok: ${ok}, status: ${ok ? 200 : 503} }; };`,
  );
  const result = spawnSync(process.execPath, ['--require', stub, '-e', script as string], {
    env: { PATH: process.env.PATH, ...image.env, ...env },
    encoding: 'utf8',
    timeout: 10_000,
  });
  return { status: result.status, url: result.stdout };
}

describe('the container images (docker/Dockerfile)', () => {
  it.each(SERVICES)(
    '%s: every stage builds on one pinned Node 20 slim image of Debian bookworm',
    (service) => {
      const image = images[service];
      expect(image.baseImage).toMatch(/^node:20\.\d+\.\d+-bookworm-slim$/);
      // The production dependencies (with the native better-sqlite3) are compiled on the same base image.
      const dependencies = image.copies.find((c) => c.sources.includes('/app/node_modules'));
      expect(dependencies?.from).toBeTruthy();
      expect(imageTarget(stages, dependencies?.from as string).baseImage).toBe(image.baseImage);
    },
  );

  it.each(SERVICES)('%s: runs as a user other than root', (service) => {
    expect(images[service].user).toBeTruthy();
    expect(['root', '0', '0:0']).not.toContain(images[service].user);
  });

  it.each(SERVICES)("%s: carries only the production dependencies of its own workspace's tree", (service) => {
    const image = images[service];
    const dependencies = image.copies.filter((c) => c.sources.some((s) => s.includes('node_modules')));
    expect(dependencies).toHaveLength(1);
    const stage = imageTarget(stages, dependencies[0]?.from as string);
    expect(stage.chain).not.toContain('build');
    const install = stage.runs.find((r) => /\bnpm ci\b/.test(r)) ?? '';
    expect(install).toMatch(/--omit=dev/);
    expect(install).toContain(`--workspace ${SERVICE_WORKSPACES[service]}`);
  });

  it.each(SERVICES)(
    '%s: is built by npm ci and npm run build, with the npm 11 the lock file is written with',
    (service) => {
      const build = imageTarget(stages, 'build');
      expect(build.runs.some((r) => /\bnpm ci\b/.test(r) && !r.includes('--omit'))).toBe(true);
      expect(build.runs).toContain('npm run build');
      expect(build.runs.some((r) => /npm install -g npm@11\.\d+\.\d+/.test(r))).toBe(true);
      expect(images[service].chain).not.toContain('build');
    },
  );

  it.each(SERVICES)(
    '%s: gets the compiled code and manifest of each workspace it needs, and no other',
    (service) => {
      const paths = builtPaths(images[service]);
      const needed = workspaceClosure(SERVICE_WORKSPACES[service]);
      const root = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
        workspaces: string[];
      };
      for (const workspace of root.workspaces) {
        const copied = paths.includes(`${workspace}/dist`);
        expect({ workspace, copied }).toEqual({ workspace, copied: needed.includes(workspace) });
        if (copied) expect(paths).toContain(`${workspace}/package.json`);
      }
    },
  );

  it.each(SERVICES)('%s: CMD runs the built entry its npm start script runs', (service) => {
    const image = images[service];
    expect(image.cmd).toEqual(['node', SERVICE_ENTRIES[service]]);
    const scripts = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).scripts as Record<
      string,
      string
    >;
    expect(scripts[`start:${service}`]).toContain(`node ${SERVICE_ENTRIES[service]}`);
    expect(builtPaths(image).some((p) => SERVICE_ENTRIES[service].startsWith(`${p}/`))).toBe(true);
    expect(
      existsSync(
        join(REPO_ROOT, SERVICE_ENTRIES[service].replace('/dist/', '/src/').replace(/\.js$/, '.ts')),
      ),
    ).toBe(true);
  });

  it('national: EXPOSEs exactly the countries default ports', () => {
    expect([...images.national.exposedPorts].sort()).toEqual(Object.values(DEFAULT_PORTS).sort());
  });

  it('network: EXPOSEs the port the registry listens on with the image environment', () => {
    expect(images.network.exposedPorts).toEqual([effectiveService('network', images.network.env).port]);
  });

  it('gateway: EXPOSEs the port the gateway listens on with the image environment, whatever the file says', () => {
    const file = { network: { url: 'http://registry/graphql' }, countries: [], port: 4999 };
    const config = parseGatewayConfig(
      {
        ...file,
        countries: [
          { code: 'FI', national: 'http://fi/graphql', crossborder: 'http://fi/crossborder/graphql' },
        ],
      },
      images.gateway.env,
    );
    expect(images.gateway.exposedPorts).toEqual([config.port]);
    expect(
      parseGatewayConfig({
        ...file,
        port: undefined,
        countries: [
          { code: 'FI', national: 'http://fi/graphql', crossborder: 'http://fi/crossborder/graphql' },
        ],
      }).port,
    ).toBe(config.port);
  });

  it.each(SERVICES)(
    '%s: the image environment listens on every interface and runs in production mode',
    (service) => {
      const env = images[service].env;
      expect(env.NODE_ENV).toBe('production');
      if (service !== 'gateway') {
        const country: Record<string, string> = service === 'national' ? { COUNTRY: 'FI' } : {};
        expect(effectiveService(service, { ...env, ...country }).host).toBe('0.0.0.0');
      } else {
        expect(env.GATEWAY_HOST).toBe('0.0.0.0');
      }
    },
  );

  it.each(Object.entries(DEFAULT_PORTS))(
    "national: the HEALTHCHECK asks /health on %s's port when only COUNTRY is set, and on PORT when it is",
    (country, port) => {
      expect(runHealthcheck(images.national, { COUNTRY: country })).toEqual({
        status: 0,
        url: `http://127.0.0.1:${port}/health`,
      });
      expect(runHealthcheck(images.national, { COUNTRY: country, PORT: '5123' })).toEqual({
        status: 0,
        url: 'http://127.0.0.1:5123/health',
      });
    },
  );

  it.each(SERVICES)(
    '%s: the HEALTHCHECK asks /health on the port the service listens on, and fails when it is not ok',
    (service) => {
      const env: Record<string, string> = service === 'national' ? { COUNTRY: 'SE' } : {};
      const listening =
        service === 'gateway'
          ? parseGatewayConfig(
              {
                network: { url: 'http://registry/graphql' },
                countries: [
                  { code: 'FI', national: 'http://fi/graphql', crossborder: 'http://fi/crossborder/graphql' },
                ],
              },
              images.gateway.env,
            ).port
          : effectiveService(service, { ...images[service].env, ...env }).port;
      expect(runHealthcheck(images[service], env)).toEqual({
        status: 0,
        url: `http://127.0.0.1:${listening}/health`,
      });
      expect(runHealthcheck(images[service], env, false).status).toBe(1);
      expect(images[service].healthcheck?.flags).toMatchObject({
        interval: expect.any(String),
        timeout: expect.any(String),
      });
    },
  );

  it('gateway: carries the contract SDL files the gateway composes the supergraph from at start', () => {
    const source = readFileSync(join(REPO_ROOT, 'gateway/src/supergraph.ts'), 'utf8');
    const names = [...source.matchAll(/read\('(\w+)'\)/g)].map((m) => m[1]);
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(builtPaths(images.gateway)).toContain(`schema/${name}.graphql`);
  });

  it('network: carries the directory files the registry seeds itself from', () => {
    expect(builtPaths(images.network)).toContain('subgraphs/network/data');
  });

  it('every file the build copies from the context exists and is not excluded by .dockerignore', () => {
    const fromContext = [...stages.keys()].flatMap((name) =>
      imageTarget(stages, name)
        .copies.filter((c) => c.from === null)
        .flatMap((c) => c.sources),
    );
    expect(fromContext.length).toBeGreaterThan(5);
    for (const source of new Set(fromContext)) {
      expect({ source, exists: existsSync(join(REPO_ROOT, source)) }).toEqual({ source, exists: true });
      expect({ source, ignored: ignoredByDockerignore(source) }).toEqual({ source, ignored: false });
    }
    for (const path of [
      'node_modules',
      'gateway/node_modules',
      'schema/dist',
      'data/fi.sqlite',
      '.git',
      'docker/.env',
    ])
      expect({ path, ignored: ignoredByDockerignore(path) }).toEqual({ path, ignored: true });
  });
});
