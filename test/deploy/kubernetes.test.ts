import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConnectedCountry } from '@nordic/schema';
import { DEV_COUNTRIES, loadAuthSettings } from '../../subgraphs/common/src/auth/authSettings';
import { DEFAULT_PORTS } from '../../subgraphs/national/src/config';
import { COUNTRY_OVERLAYS, K8S_DIR, KUSTOMIZATIONS, serviceImages } from '../support/deployFiles';
import { type Resource, renderKustomization } from '../support/kustomize';
import { type Pod, callersOf, clusterOf, matchesSelector, mayConnect } from '../support/networkPolicies';
import {
  GATEWAY_FILE_OVERRIDES,
  NATIONAL_KEY_ALTERNATIVES,
  MIGRATE_ENTRY,
  PROBE_PATHS,
  REPO_ROOT,
  type ServiceName,
  effectiveService,
  processEnvReads,
} from '../support/serviceEnvironment';
import { tempDir } from '../support/services';

/**
 * The Secrets the manifests reference and an operator creates (the deployment sections of
 * docs/operators.md and docs/national-teams.md), with a value of the right shape for each key so that
 * the services' own loaders can check the rest of the environment.
 */
const SECRETS: Record<string, Record<string, string>> = {
  'national-database': {
    url: 'postgres://nordic:from-the-secret@postgres:5432/nordic',
    username: 'nordic',
    password: 'from-the-secret',
    database: 'nordic',
  },
  'network-database': {
    url: 'postgres://nordic_network:from-the-secret@registry-postgres:5432/nordic_network',
    username: 'nordic_network',
    password: 'from-the-secret',
    database: 'nordic_network',
  },
  'nordic-auth-jwks': Object.fromEntries(
    ['fi', 'se', 'no', 'dk', 'is'].map((c) => [`${c}.jwks.json`, '{"keys":[]}']),
  ),
  'nordic-linkage-key': { 'linkage-key.json': '{"version":1,"key":"from-the-secret"}' },
  'nordic-audit-keys': {
    'audit-chain-key.json': '{"key":"from-the-secret"}',
    'service-signing-key.jwk.json': '{"kty":"OKP","crv":"Ed25519","d":"from-the-secret"}',
  },
  'nordic-service-jwks': { 'service-jwks.json': '{"keys":[]}' },
  'nordic-service-keys': { 'jwks.json': '{"FI":{"keys":[]}}', 'service-key.json': '{"kty":"EC"}' },
};

const overlays = Object.fromEntries(
  [...COUNTRY_OVERLAYS, 'secretariat'].map((o) => [o, renderKustomization(join(K8S_DIR, 'overlays', o))]),
) as Record<string, Resource[]>;
const images = serviceImages();

type Container = Record<string, any>;

function workloads(resources: Resource[]): Resource[] {
  return resources.filter((r) => ['Deployment', 'StatefulSet', 'DaemonSet', 'Job'].includes(r.kind));
}

function podSpec(workload: Resource): Record<string, any> {
  return (workload.spec as any).template.spec;
}

function allContainers(resources: Resource[]): { workload: string; container: Container }[] {
  return workloads(resources).flatMap((w) =>
    [...(podSpec(w).initContainers ?? []), ...podSpec(w).containers].map((container: Container) => ({
      workload: `${w.kind}/${w.metadata.namespace}/${w.metadata.name}`,
      container,
    })),
  );
}

function find(resources: Resource[], kind: string, name: string): Resource {
  const found = resources.find((r) => r.kind === kind && r.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found;
}

/** The ConfigMap the generator named `name` became (its name carries kustomize's hash). */
function configMap(resources: Resource[], name: string): Record<string, string> {
  const found = resources.find((r) => r.kind === 'ConfigMap' && r.metadata.name === name);
  if (!found) throw new Error(`no ConfigMap ${name}`);
  return found.data as Record<string, string>;
}

/** What a container's process sees: the image's ENV, then envFrom, then env (Secrets by their sample). */
function containerEnvironment(
  resources: Resource[],
  container: Container,
  image: ServiceName,
): Record<string, string> {
  const env: Record<string, string> = { ...images[image].env };
  for (const source of container.envFrom ?? []) {
    if (source.configMapRef) Object.assign(env, configMap(resources, source.configMapRef.name));
    if (source.secretRef) throw new Error('envFrom a Secret: list its keys in env instead');
  }
  for (const variable of container.env ?? []) {
    const secret = variable.valueFrom?.secretKeyRef;
    const fromConfig = variable.valueFrom?.configMapKeyRef;
    if (secret) env[variable.name] = SECRETS[secret.name]?.[secret.key] as string;
    else if (fromConfig) env[variable.name] = configMap(resources, fromConfig.name)[fromConfig.key] as string;
    else env[variable.name] = String(variable.value ?? '');
  }
  return env;
}

/** Files the container would find at their mount paths: ConfigMap volumes written out for the loaders. */
function mountedFiles(
  resources: Resource[],
  workload: Resource,
  container: Container,
): Record<string, string> {
  const files: Record<string, string> = {};
  const dir = tempDir('mounted');
  for (const mount of container.volumeMounts ?? []) {
    const volume = (podSpec(workload).volumes ?? []).find((v: any) => v.name === mount.name);
    if (!volume?.configMap) continue;
    for (const [key, value] of Object.entries(configMap(resources, volume.configMap.name))) {
      const file = join(dir, `${mount.name}-${key}`);
      writeFileSync(file, value);
      files[`${mount.mountPath}/${key}`] = file;
    }
  }
  return files;
}

function containerPort(container: Container, name: string): number {
  const port = (container.ports ?? []).find((p: any) => p.name === name)?.containerPort;
  if (port === undefined) throw new Error(`container ${container.name} has no port named ${name}`);
  return port;
}

function service(
  resources: Resource[],
  name: string,
): { port: number; targetPort: number; pods: Resource[] } {
  const svc = find(resources, 'Service', name).spec as any;
  const pods = workloads(resources).filter((w) =>
    matchesSelector({ matchLabels: svc.selector }, (w.spec as any).template.metadata.labels),
  );
  const [port] = svc.ports;
  const target = pods[0]
    ? podSpec(pods[0]).containers.find((c: Container) =>
        (c.ports ?? []).some((p: any) => p.name === port.targetPort || p.containerPort === port.targetPort),
      )
    : undefined;
  const targetPort =
    typeof port.targetPort === 'number'
      ? port.targetPort
      : target
        ? containerPort(target, port.targetPort)
        : NaN;
  return { port: port.port, targetPort, pods };
}

/** Checks one service's main container: its loaders accept the environment, it listens where the manifests say. */
function checkServiceContainer(
  resources: Resource[],
  workloadName: string,
  image: ServiceName,
  overrides: string[] = [],
) {
  const workload = find(resources, 'Deployment', workloadName);
  const [container] = podSpec(workload).containers as Container[];
  expect(container?.image).toMatch(new RegExp(`^nordic-thb/${image}:[\\w.-]+$`));
  expect(container?.command).toBeUndefined(); // the image's CMD: the service's built entry
  const env = containerEnvironment(resources, container as Container, image);
  const effective = effectiveService(image, env, mountedFiles(resources, workload, container as Container));
  expect(effective.host).toBe('0.0.0.0');
  expect(effective.port).toBe(containerPort(container as Container, 'http'));
  expect([...effective.reads].filter((name) => !(name in env) && !overrides.includes(name))).toEqual([]);
  for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
    const http = (container as Container)[probe]?.httpGet;
    if (!http) continue;
    expect(PROBE_PATHS[image]).toContain(http.path);
    expect(containerPort(container as Container, http.port)).toBe(effective.port);
  }
  expect((container as Container).readinessProbe?.httpGet).toBeDefined();
  expect((container as Container).livenessProbe?.httpGet?.path).toBe('/health');
  // Each trusted issuer's key set is a file of its own in the mounted Secret.
  const keySets = [...loadAuthSettings(env).keySets.values()];
  expect(new Set(keySets).size).toBe(DEV_COUNTRIES.length);
  for (const jwks of keySets) {
    const mount = ((container as Container).volumeMounts ?? []).find((m: any) =>
      jwks.startsWith(`${m.mountPath}/`),
    );
    const volume = (podSpec(workload).volumes ?? []).find((v: any) => v.name === mount?.name);
    expect(volume?.secret?.secretName).toBe('nordic-auth-jwks');
    expect(Object.keys(SECRETS['nordic-auth-jwks'] as object)).toContain(
      jwks.slice(mount.mountPath.length + 1),
    );
  }
  return { env, effective, container: container as Container };
}

/** The Kubernetes API version and kind of each resource, as kubernetes-models names its classes. */
function validateAgainstKubernetesSchema(resource: Resource): void {
  const path = `kubernetes-models/${resource.apiVersion}/${resource.kind}`;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Model = (require(path) as Record<string, new (data: unknown) => { validate(): void }>)[resource.kind];
  if (!Model) throw new Error(`kubernetes-models has no ${path}`);
  new Model(resource).validate();
}

/** What the docs tell an operator to create: the deployment sections of the operators' and teams' pages. */
function deploymentDocs(): string {
  const section = (file: string, heading: string): string => {
    const page = readFileSync(join(REPO_ROOT, 'docs', file), 'utf8');
    const start = page.indexOf(`\n${heading}\n`);
    if (start < 0) throw new Error(`docs/${file} has no "${heading}" section`);
    const next = page.indexOf('\n## ', start + heading.length + 2);
    return page.slice(start, next < 0 ? undefined : next);
  };
  return section('operators.md', '## Deploying') + section('national-teams.md', '## Deploying your service');
}

describe('Kubernetes manifests (docker/k8s, kustomize)', () => {
  it.each(Object.keys(overlays))(
    'overlay %s: every resource is valid against the Kubernetes schemas',
    (overlay) => {
      for (const resource of overlays[overlay] as Resource[]) {
        expect(() => validateAgainstKubernetesSchema(resource)).not.toThrow();
      }
    },
  );

  it('each base renders on its own too (a team may build its own overlay on it)', () => {
    for (const dir of KUSTOMIZATIONS.filter((d) => d.includes('/base/'))) {
      for (const resource of renderKustomization(dir))
        expect(() => validateAgainstKubernetesSchema(resource)).not.toThrow();
    }
  });

  it.each(Object.keys(overlays))(
    'overlay %s: inlines no Secret and references only the documented ones',
    (overlay) => {
      const resources = overlays[overlay] as Resource[];
      expect(resources.filter((r) => r.kind === 'Secret')).toEqual([]);
      const deploying = deploymentDocs();
      for (const { container } of allContainers(resources)) {
        for (const variable of container.env ?? []) {
          const secret = variable.valueFrom?.secretKeyRef;
          if (secret) {
            expect(SECRETS[secret.name]?.[secret.key]).toBeDefined();
            expect(deploying).toContain(secret.name);
          } else {
            expect({
              variable: variable.name,
              inlined: /PASSWORD|SECRET|TOKEN|DATABASE_URL/.test(variable.name),
            }).toEqual({ variable: variable.name, inlined: false });
          }
        }
      }
      for (const data of resources.filter((r) => r.kind === 'ConfigMap').map((r) => JSON.stringify(r.data))) {
        expect(data).not.toMatch(/PASSWORD|postgres:\/\/[^"@]*@/i);
      }
      for (const w of workloads(resources)) {
        for (const volume of podSpec(w).volumes ?? []) {
          if (volume.secret) {
            expect(SECRETS[volume.secret.secretName]).toBeDefined();
            expect(deploying).toContain(volume.secret.secretName);
          }
        }
      }
    },
  );

  it.each(Object.keys(overlays))(
    'overlay %s: every container has requests and limits and a pinned image',
    (overlay) => {
      for (const { workload, container } of allContainers(overlays[overlay] as Resource[])) {
        const r = container.resources ?? {};
        expect({
          workload,
          container: container.name,
          cpu: r.requests?.cpu !== undefined && r.limits?.cpu !== undefined,
          memory: r.requests?.memory !== undefined && r.limits?.memory !== undefined,
        }).toEqual({ workload, container: container.name, cpu: true, memory: true });
        expect(container.image).toMatch(/^[^@:]+(:[\w.-]+|@sha256:[0-9a-f]{64})$/);
        expect(container.image).not.toMatch(/:latest$/);
      }
    },
  );

  it.each(Object.keys(overlays))(
    'overlay %s: every Service selects pods and reaches a port they have',
    (overlay) => {
      const resources = overlays[overlay] as Resource[];
      for (const svc of resources.filter((r) => r.kind === 'Service')) {
        const { pods, targetPort } = service(resources, svc.metadata.name);
        expect({
          service: svc.metadata.name,
          pods: pods.length > 0,
          targetPort: Number.isInteger(targetPort),
        }).toEqual({ service: svc.metadata.name, pods: true, targetPort: true });
      }
    },
  );

  describe.each(COUNTRY_OVERLAYS)('overlay %s', (cc) => {
    const country = cc.toUpperCase() as ConnectedCountry;
    const resources = overlays[cc] as Resource[];

    it("deploys only the country's own service and database, in its own namespace", () => {
      expect(new Set(resources.map((r) => r.metadata.namespace ?? r.metadata.name))).toEqual(
        new Set([`nordic-${cc}`]),
      );
      expect(
        workloads(resources)
          .map((w) => w.metadata.name)
          .sort(),
      ).toEqual(['national-service', 'postgres']);
    });

    it("runs the national service of the country with every variable it reads set, on the country's port", () => {
      const { effective } = checkServiceContainer(
        resources,
        'national-service',
        'national',
        NATIONAL_KEY_ALTERNATIVES,
      );
      expect(effective.config.country).toBe(country);
      expect(effective.port).toBe(DEFAULT_PORTS[country]);
      expect(effective.config.migrateOnStart).toBe(false);
      expect(new URL(effective.config.databaseUrl as string).protocol).toBe('postgres:');
      expect(service(resources, 'national-service')).toMatchObject({
        port: effective.port,
        targetPort: effective.port,
      });
      expect(effective.config.gatewayUrl).toMatch(/^https:\/\/.+\/graphql$/);
    });

    it('migrates the store in an init container of the same image, with everything the migration reads', () => {
      const spec = podSpec(find(resources, 'Deployment', 'national-service'));
      const [migrate] = spec.initContainers as Container[];
      expect(migrate?.command).toEqual(['node', MIGRATE_ENTRY]);
      expect(migrate?.image).toBe(spec.containers[0].image);
      const env = containerEnvironment(resources, migrate as Container, 'national');
      expect([...processEnvReads(MIGRATE_ENTRY)].filter((name) => !(name in env))).toEqual([]);
      expect(env.COUNTRY).toBe(country);
    });

    it("points DATABASE_URL and the database at the same Secret, and the database's Service at its pod", () => {
      const national = podSpec(find(resources, 'Deployment', 'national-service')).containers[0];
      const postgres = podSpec(find(resources, 'StatefulSet', 'postgres')).containers[0];
      const secretOf = (c: Container, name: string) =>
        c.env.find((v: any) => v.name === name)?.valueFrom?.secretKeyRef?.name;
      expect(secretOf(national, 'DATABASE_URL')).toBe('national-database');
      for (const name of ['POSTGRES_USER', 'POSTGRES_PASSWORD', 'POSTGRES_DB'])
        expect(secretOf(postgres, name)).toBe('national-database');
      expect(service(resources, 'postgres')).toMatchObject({ port: 5432, targetPort: 5432 });
    });
  });

  describe('overlay secretariat', () => {
    const resources = overlays.secretariat as Resource[];

    it('runs the gateway with every variable it reads set (or in its file), probed on /health and /ready', () => {
      const { effective, env } = checkServiceContainer(
        resources,
        'gateway',
        'gateway',
        GATEWAY_FILE_OVERRIDES,
      );
      const gateway = find(resources, 'Deployment', 'gateway');
      expect(podSpec(gateway).containers[0].readinessProbe.httpGet.path).toBe('/ready');
      expect(service(resources, 'gateway')).toMatchObject({
        port: effective.port,
        targetPort: effective.port,
      });
      const redis = new URL(env.REDIS_URL as string);
      expect(service(resources, redis.hostname)).toMatchObject({ port: Number(redis.port) });
      const config = effective.config as {
        network: { url: string };
        countries: { code: string; national: string; crossborder: string }[];
      };
      const registry = new URL(config.network.url);
      expect(service(resources, registry.hostname).port).toBe(Number(registry.port));
      expect(registry.pathname).toBe('/graphql');
      expect(config.countries.map((c) => c.code).sort()).toEqual([...DEV_COUNTRIES].sort());
      for (const c of config.countries) {
        expect(new URL(c.national).pathname).toBe('/graphql');
        expect(new URL(c.crossborder).pathname).toBe('/crossborder/graphql');
        expect(new URL(c.national).protocol).toBe('https:');
      }
    });

    it('scales the gateway with a HorizontalPodAutoscaler on CPU, whose target requests CPU', () => {
      const hpa = find(resources, 'HorizontalPodAutoscaler', 'gateway').spec as any;
      const target = find(resources, hpa.scaleTargetRef.kind, hpa.scaleTargetRef.name);
      expect(target.kind).toBe('Deployment');
      expect(hpa.minReplicas).toBeGreaterThanOrEqual(2);
      expect(hpa.maxReplicas).toBeGreaterThan(hpa.minReplicas);
      expect(hpa.metrics.some((m: any) => m.resource?.name === 'cpu')).toBe(true);
      expect(podSpec(target).containers[0].resources.requests.cpu).toBeDefined();
    });

    it('runs the network registry with every variable it reads set, on its own PostgreSQL', () => {
      const { effective } = checkServiceContainer(resources, 'network-registry', 'network');
      expect(service(resources, 'network-registry')).toMatchObject({
        port: effective.port,
        targetPort: effective.port,
      });
      const database = new URL(effective.config.databaseUrl as string);
      expect(service(resources, database.hostname)).toMatchObject({ port: Number(database.port) });
    });

    it('in one cluster with the country overlays, the base configuration reaches each national Service', () => {
      const base = renderKustomization(join(K8S_DIR, 'base', 'secretariat'));
      const gateway = find(base, 'Deployment', 'gateway');
      const container = podSpec(gateway).containers[0];
      const effective = effectiveService(
        'gateway',
        containerEnvironment(base, container, 'gateway'),
        mountedFiles(base, gateway, container),
      );
      for (const c of (effective.config as any).countries as {
        code: string;
        national: string;
        crossborder: string;
      }[]) {
        const url = new URL(c.national);
        const [name, namespace] = url.hostname.split('.');
        const country = overlays[c.code.toLowerCase()] as Resource[];
        expect(namespace).toBe(`nordic-${c.code.toLowerCase()}`);
        expect(service(country, name as string).port).toBe(Number(url.port));
        expect(new URL(c.crossborder).host).toBe(url.host);
      }
    });
  });

  describe('NetworkPolicies, all overlays in one cluster', () => {
    // Besides the workloads: a pod in an unrelated namespace, and a team's ingress controller, whose
    // namespace carries the label the national policies admit.
    const outsider: Pod = {
      id: 'default/outsider',
      namespace: 'default',
      labels: { app: 'anything' },
      ports: {},
    };
    const ingress: Pod = {
      id: 'ingress/controller',
      namespace: 'ingress',
      labels: { app: 'ingress' },
      ports: {},
    };
    const cluster = clusterOf(Object.values(overlays).flat(), [outsider, ingress], {
      ingress: { 'nordic-thb/national-callers': 'true' },
    });
    const pod = (id: string) => {
      const found = cluster.pods.find((p) => p.id === id);
      if (!found) throw new Error(`no pod ${id}`);
      return found;
    };

    it.each(COUNTRY_OVERLAYS)(
      "%s: the country's database is reachable only from its own national service",
      (cc) => {
        expect(callersOf(cluster, pod(`nordic-${cc}/postgres`), 5432)).toEqual([
          `nordic-${cc}/national-service`,
        ]);
      },
    );

    it.each(COUNTRY_OVERLAYS)(
      "%s: the national service is reachable from the gateway and the ingress, not from other countries' pods",
      (cc) => {
        const national = pod(`nordic-${cc}/national-service`);
        const port = national.ports.http as number;
        expect(mayConnect(cluster, pod('nordic-secretariat/gateway'), national, port)).toBe(true);
        expect(mayConnect(cluster, ingress, national, port)).toBe(true);
        expect(mayConnect(cluster, outsider, national, port)).toBe(false);
        for (const other of COUNTRY_OVERLAYS.filter((o) => o !== cc)) {
          expect(mayConnect(cluster, pod(`nordic-${other}/national-service`), national, port)).toBe(false);
        }
      },
    );

    it("the registry, its database and Redis are reachable only from the secretariat's own services", () => {
      expect(callersOf(cluster, pod('nordic-secretariat/registry-postgres'), 5432)).toEqual([
        'nordic-secretariat/network-registry',
      ]);
      expect(callersOf(cluster, pod('nordic-secretariat/redis'), 6379)).toEqual([
        'nordic-secretariat/gateway',
      ]);
      expect(callersOf(cluster, pod('nordic-secretariat/network-registry'), 4001)).toEqual([
        'nordic-secretariat/gateway',
      ]);
    });

    it('anyone may call the gateway', () => {
      expect(mayConnect(cluster, outsider, pod('nordic-secretariat/gateway'), 4000)).toBe(true);
    });
  });
});
