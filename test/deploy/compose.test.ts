import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { ConnectedCountry } from '@nordic/schema';
import { DEFAULT_PORTS } from '../../subgraphs/national/src/config';
import { DEV_COUNTRIES, devIssuer, loadAuthSettings } from '../../subgraphs/common/src/auth/authSettings';
import {
  COMPOSE_FILE,
  DOCKER_DIR,
  ENV_EXAMPLE,
  composeEnvironment,
  loadCompose,
  parseStages,
  readEnvFile,
  serviceImages,
} from '../support/deployFiles';
import {
  GATEWAY_FILE_OVERRIDES,
  NATIONAL_KEY_ALTERNATIVES,
  MIGRATE_ENTRY,
  REPO_ROOT,
  type ServiceName,
  effectiveService,
  processEnvReads,
} from '../support/serviceEnvironment';

// docker/.env.example with each secret filled in, as an operator's docker/.env would be.
const example = readEnvFile(ENV_EXAMPLE);
const values = Object.fromEntries(
  Object.entries(example).map(([k, v]) => [
    k,
    /PASSWORD/.test(k) && v === '' ? `test${k.toLowerCase().replace(/_/g, '')}` : v,
  ]),
);
const compose = loadCompose(values);
const services = compose.resolved.services as Record<string, Record<string, any>>;
const images = serviceImages();

/** Which image (Dockerfile target) a compose service runs, from its build section. */
function imageOf(name: string): ServiceName {
  const target = services[name]?.build?.target as ServiceName;
  expect(images[target]).toBeDefined();
  return target;
}

/** The environment the container sees: the image's ENV, then the compose service's. */
function containerEnvironment(name: string): Record<string, string> {
  return { ...images[imageOf(name)].env, ...composeEnvironment(services[name] as Record<string, any>) };
}

function networksOf(service: Record<string, any>): string[] {
  const n = service.networks ?? ['default'];
  return Array.isArray(n) ? n : Object.keys(n);
}

/** The services that share a network with `name` (who can open a connection to it). */
function neighboursOf(name: string): string[] {
  const own = new Set(networksOf(services[name] as Record<string, any>));
  return Object.keys(services)
    .filter(
      (other) => other !== name && networksOf(services[other] as Record<string, any>).some((n) => own.has(n)),
    )
    .sort();
}

function mountedFiles(name: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const config of services[name]?.configs ?? []) {
    const file = compose.resolved.configs[config.source]?.file as string;
    files[config.target] = join(DOCKER_DIR, file);
  }
  return files;
}

/** `http://host:port/path` split, with the port defaulted. */
function endpoint(url: string): { host: string; port: number; path: string } {
  const u = new URL(url);
  return { host: u.hostname, port: Number(u.port || (u.protocol === 'https:' ? 443 : 80)), path: u.pathname };
}

describe('docker/compose.yaml, the five-country network', () => {
  it('is valid against the Compose Specification schema', () => {
    // The Compose Specification's own schema (draft-07, Ajv's default), as dclint keeps it up to date.
    const { $schema: _draft, ...schema } = JSON.parse(
      readFileSync(join(REPO_ROOT, 'node_modules/dclint/schemas/compose.schema.json'), 'utf8'),
    );
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    validate(compose.resolved);
    expect(validate.errors ?? []).toEqual([]);
  });

  it('interpolates only variables that docker/.env.example lists, and ignores docker/.env in git', () => {
    expect([...compose.variables].filter((v) => !(v in example))).toEqual([]);
    const ignored = spawnSync('git', ['check-ignore', '-q', 'docker/.env'], { cwd: REPO_ROOT });
    expect(ignored.status).toBe(0);
  });

  it('has no secret in it: every password comes from docker/.env, with no default, and is empty in the example', () => {
    const text = readFileSync(COMPOSE_FILE, 'utf8');
    const passwords = [...compose.variables].filter((v) => /PASSWORD/.test(v));
    expect(passwords.length).toBe(DEV_COUNTRIES.length + 1);
    for (const name of passwords) {
      expect(example[name]).toBe('');
      expect(text).not.toMatch(new RegExp(`\\$\\{${name}[-:?+]`));
    }
    for (const [name, service] of Object.entries(services)) {
      for (const [key, value] of Object.entries(composeEnvironment(service))) {
        if (/PASSWORD|SECRET|TOKEN/.test(key) || /postgres:\/\//.test(value)) {
          expect({
            name,
            key,
            fromEnvFile: passwords.some((p) => value.includes(values[p] as string)),
          }).toEqual({ name, key, fromEnvFile: true });
        }
      }
    }
  });

  it('names only services, networks, volumes, configs, secrets and build targets that exist', () => {
    const declared = (section: string) => new Set(Object.keys(compose.resolved[section] ?? {}));
    const stages = parseStages(readFileSync(join(DOCKER_DIR, 'Dockerfile'), 'utf8'));
    for (const [name, service] of Object.entries(services)) {
      for (const dependency of Object.keys(service.depends_on ?? {}))
        expect({ name, dependency, exists: dependency in services }).toMatchObject({ exists: true });
      for (const network of networksOf(service))
        expect({ name, network, declared: declared('networks').has(network) }).toMatchObject({
          declared: true,
        });
      for (const volume of service.volumes ?? [])
        expect(declared('volumes').has(String(volume).split(':')[0])).toBe(true);
      for (const secret of service.secrets ?? []) expect(declared('secrets').has(secret)).toBe(true);
      for (const config of service.configs ?? []) expect(declared('configs').has(config.source)).toBe(true);
      if (service.build) {
        expect(join(DOCKER_DIR, service.build.context, service.build.dockerfile)).toBe(
          join(DOCKER_DIR, 'Dockerfile'),
        );
        expect(stages.has(service.build.target)).toBe(true);
      }
      expect(service.image).toMatch(/^[^:]+:[^:]+$/);
      expect(service.image).not.toMatch(/:latest$/);
    }
  });

  it('waits on health only where a health check exists (in the file or in the image)', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const [dependency, { condition }] of Object.entries<any>(service.depends_on ?? {})) {
        if (condition !== 'service_healthy') continue;
        const target = services[dependency] as Record<string, any>;
        const checked =
          Boolean(target.healthcheck?.test) ||
          Boolean(target.build && images[imageOf(dependency)].healthcheck);
        expect({ name, dependency, checked }).toEqual({ name, dependency, checked: true });
      }
    }
  });

  describe.each(DEV_COUNTRIES)('%s', (country) => {
    const cc = country.toLowerCase();
    const national = `national-${cc}`;
    const database = `postgres-${cc}`;

    it("runs the national service with every variable it reads set, on the country's port, on every interface", () => {
      const env = containerEnvironment(national);
      const service = effectiveService('national', env);
      expect(service.config.country).toBe(country);
      expect(service.port).toBe(DEFAULT_PORTS[country as ConnectedCountry]);
      expect(service.host).toBe('0.0.0.0');
      expect(service.config.migrateOnStart).toBe(false);
      expect(
        [...service.reads].filter((name) => !(name in env) && !NATIONAL_KEY_ALTERNATIVES.includes(name)),
      ).toEqual([]);
      expect(services[national]?.ports).toEqual([`127.0.0.1:${service.port}:${service.port}`]);
      expect(service.config.gatewayUrl).toBe(
        `http://gateway:${effectiveService('gateway', containerEnvironment('gateway'), mountedFiles('gateway')).port}/graphql`,
      );
    });

    it("connects to its own PostgreSQL with the database's own user, password and name", () => {
      const url = new URL(containerEnvironment(national).DATABASE_URL as string);
      const postgres = composeEnvironment(services[database] as Record<string, any>);
      expect(url.hostname).toBe(database);
      expect(url.port).toBe('5432');
      expect(decodeURIComponent(url.username)).toBe(postgres.POSTGRES_USER);
      expect(decodeURIComponent(url.password)).toBe(postgres.POSTGRES_PASSWORD);
      expect(url.pathname).toBe(`/${postgres.POSTGRES_DB}`);
      expect(postgres.POSTGRES_PASSWORD).toBe(values[`${country}_DB_PASSWORD`]);
    });

    it('migrates the store first, with everything the migration reads, and starts the service only after', () => {
      const migrate = services[`migrate-${cc}`] as Record<string, any>;
      expect(migrate.command).toEqual(['node', MIGRATE_ENTRY]);
      expect(imageOf(`migrate-${cc}`)).toBe('national');
      const env = containerEnvironment(`migrate-${cc}`);
      expect([...processEnvReads(MIGRATE_ENTRY)].filter((name) => !(name in env))).toEqual([]);
      expect(env.DATABASE_URL).toBe(containerEnvironment(national).DATABASE_URL);
      expect(env.COUNTRY).toBe(country);
      expect(migrate.depends_on).toEqual({ [database]: { condition: 'service_healthy' } });
      expect(services[national]?.depends_on).toEqual({
        [`migrate-${cc}`]: { condition: 'service_completed_successfully' },
      });
    });

    it("keeps the database on an internal network that only the country's own migration and service join", () => {
      expect(services[database]?.ports).toBeUndefined();
      for (const network of networksOf(services[database] as Record<string, any>)) {
        expect(compose.resolved.networks[network]?.internal).toBe(true);
      }
      expect(neighboursOf(database)).toEqual([`migrate-${cc}`, national].sort());
    });
  });

  it('runs the registry with every variable it reads set, on its own PostgreSQL that only it reaches', () => {
    const env = containerEnvironment('network-registry');
    const registry = effectiveService('network', env);
    expect(registry.host).toBe('0.0.0.0');
    expect([...registry.reads].filter((name) => !(name in env))).toEqual([]);
    expect(new URL(registry.config.databaseUrl as string).hostname).toBe('postgres-network');
    expect(services['postgres-network']?.ports).toBeUndefined();
    for (const network of networksOf(services['postgres-network'] as Record<string, any>)) {
      expect(compose.resolved.networks[network]?.internal).toBe(true);
    }
    expect(neighboursOf('postgres-network')).toEqual(['network-registry']);
  });

  it('runs the gateway with every variable it reads set (or in its file), publishing the port it listens on', () => {
    const env = containerEnvironment('gateway');
    const gateway = effectiveService('gateway', env, mountedFiles('gateway'));
    expect(gateway.host).toBe('0.0.0.0');
    expect(services.gateway?.ports).toEqual([`${gateway.port}:${gateway.port}`]);
    expect(
      [...gateway.reads].filter((name) => !(name in env) && !GATEWAY_FILE_OVERRIDES.includes(name)),
    ).toEqual([]);
    expect(gateway.reads).toContain('REDIS_URL');
    const redis = endpoint(env.REDIS_URL as string);
    expect(redis.host).toBe('redis');
    expect(neighboursOf('redis')).toEqual(['gateway']);
  });

  it("points the gateway at every country's national and crossborder endpoints and at the registry", () => {
    const gateway = effectiveService('gateway', containerEnvironment('gateway'), mountedFiles('gateway'));
    const config = gateway.config as {
      network: { url: string };
      countries: { code: string; national: string; crossborder: string }[];
    };
    const registry = endpoint(config.network.url);
    expect(registry).toEqual({
      host: 'network-registry',
      port: effectiveService('network', containerEnvironment('network-registry')).port,
      path: '/graphql',
    });
    expect(config.countries.map((c) => c.code).sort()).toEqual([...DEV_COUNTRIES].sort());
    for (const country of config.countries) {
      const port = effectiveService(
        'national',
        containerEnvironment(`national-${country.code.toLowerCase()}`),
      ).port;
      const host = `national-${country.code.toLowerCase()}`;
      expect(endpoint(country.national)).toEqual({ host, port, path: '/graphql' });
      expect(endpoint(country.crossborder)).toEqual({ host, port, path: '/crossborder/graphql' });
      expect(neighboursOf('gateway')).toContain(host);
    }
    expect(neighboursOf('gateway')).toContain('network-registry');
  });

  it('trusts the local identity providers by default, so tokens from npm run token work against it', () => {
    const issuers = DEV_COUNTRIES.map((c) => `${c}=${devIssuer(c)}`).join(',');
    for (const name of [
      'gateway',
      'network-registry',
      ...DEV_COUNTRIES.map((c) => `national-${c.toLowerCase()}`),
    ]) {
      expect(containerEnvironment(name).AUTH_ISSUERS).toBe(issuers);
      expect(containerEnvironment(name).AUTH_JWKS).toBeUndefined();
      // Each issuer's own key set: the compose secret of its country, the file npm run token writes.
      const keySets = loadAuthSettings(containerEnvironment(name)).keySets;
      for (const country of DEV_COUNTRIES) {
        const secret = `auth-jwks-${country.toLowerCase()}`;
        expect(services[name]?.secrets).toContain(secret);
        expect(keySets.get(devIssuer(country))).toBe(`/run/secrets/${secret}`);
        expect(compose.resolved.secrets[secret].file).toBe(
          `../data/dev-auth/${country.toLowerCase()}.jwks.json`,
        );
      }
    }
  });
});
