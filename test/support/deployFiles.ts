import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import { parse as parseYaml } from 'yaml';
import { REPO_ROOT, type ServiceName } from './serviceEnvironment';

/** The deployment files under docker/, read as the tools that use them read them. */

export const DOCKER_DIR = join(REPO_ROOT, 'docker');
export const DOCKERFILE = join(DOCKER_DIR, 'Dockerfile');
export const COMPOSE_FILE = join(DOCKER_DIR, 'compose.yaml');
export const ENV_EXAMPLE = join(DOCKER_DIR, '.env.example');
export const K8S_DIR = join(DOCKER_DIR, 'k8s');

export const COUNTRY_OVERLAYS = ['fi', 'se', 'no', 'dk', 'is'] as const;

/** Every kustomization a team applies (the overlays) and the bases they build on. */
export const KUSTOMIZATIONS: string[] = [
  ...readdirSync(join(K8S_DIR, 'base')).map((d) => join(K8S_DIR, 'base', d)),
  ...readdirSync(join(K8S_DIR, 'overlays')).map((d) => join(K8S_DIR, 'overlays', d)),
];

// ---- Dockerfile ---------------------------------------------------------------------------------------

export interface ImageCopy {
  /** The stage copied from, or null for the build context. */
  from: string | null;
  sources: string[];
  destination: string;
}

/** One build target as the image it produces: the instructions of its stage and of the stages below it. */
export interface ImageTarget {
  name: string;
  /** The base image at the bottom of the chain, ARGs expanded. */
  baseImage: string;
  /** The chain of stage names, bottom first. */
  chain: string[];
  env: Record<string, string>;
  user: string | null;
  exposedPorts: number[];
  healthcheck: { flags: Record<string, string>; command: string[] } | null;
  cmd: string[] | null;
  copies: ImageCopy[];
  runs: string[];
}

interface Stage {
  name: string;
  from: string;
  instructions: Instruction[];
}

export function parseStages(text: string): Map<string, Stage> {
  const dockerfile = DockerfileParser.parse(text);
  const args = new Map(
    dockerfile
      .getInitialARGs()
      .map((a) => [a.getProperty()?.getName() ?? '', a.getProperty()?.getValue() ?? '']),
  );
  const stages = new Map<string, Stage>();
  let current: Stage | null = null;
  for (const instruction of dockerfile.getInstructions()) {
    if (instruction.getKeyword() === 'FROM') {
      const from = (instruction.getArguments()[0]?.getValue() ?? '').replace(
        /\$\{(\w+)\}/g,
        (_, name: string) => args.get(name) ?? '',
      );
      const name =
        /\bAS\s+(\S+)/i.exec(instruction.getArgumentsContent() ?? '')?.[1] ?? `stage-${stages.size}`;
      current = { name, from, instructions: [] };
      stages.set(name, current);
    } else if (current) {
      current.instructions.push(instruction);
    }
  }
  return stages;
}

function expandPorts(spec: string): number[] {
  const [low, high] = spec
    .replace(/\/tcp$/, '')
    .split('-')
    .map(Number) as [number, number | undefined];
  const ports: number[] = [];
  for (let port = low; port <= (high ?? low); port++) ports.push(port);
  return ports;
}

export function imageTarget(stages: Map<string, Stage>, name: string): ImageTarget {
  const chain: Stage[] = [];
  for (let stage = stages.get(name); stage; stage = stages.get(stage.from)) chain.unshift(stage);
  if (chain.length === 0) throw new Error(`the Dockerfile has no stage ${name}`);
  const target: ImageTarget = {
    name,
    baseImage: (chain[0] as Stage).from,
    chain: chain.map((s) => s.name),
    env: {},
    user: null,
    exposedPorts: [],
    healthcheck: null,
    cmd: null,
    copies: [],
    runs: [],
  };
  for (const instruction of chain.flatMap((s) => s.instructions)) {
    const keyword = instruction.getKeyword();
    const args = instruction.getArguments().map((a) => a.getValue());
    if (keyword === 'ENV') {
      for (const p of (
        instruction as unknown as { getProperties(): { getName(): string; getValue(): string | null }[] }
      ).getProperties())
        target.env[p.getName()] = p.getValue() ?? '';
    } else if (keyword === 'USER') {
      target.user = args[0] ?? null;
    } else if (keyword === 'EXPOSE') {
      target.exposedPorts.push(...args.flatMap(expandPorts));
    } else if (keyword === 'HEALTHCHECK') {
      const flags = Object.fromEntries(
        (instruction as unknown as { getFlags(): { getName(): string; getValue(): string | null }[] })
          .getFlags()
          .map((f) => [f.getName(), f.getValue() ?? '']),
      );
      const content = (instruction.getArgumentsContent() ?? '').replace(/\\\r?\n/g, ' ').trim();
      const command = content.replace(/^CMD\s+/, '');
      target.healthcheck = { flags, command: JSON.parse(command) as string[] };
    } else if (keyword === 'CMD') {
      target.cmd = JSON.parse(instruction.getArgumentsContent() ?? 'null') as string[];
    } else if (keyword === 'COPY') {
      const from = (
        instruction as unknown as { getFromFlag(): { getValue(): string | null } | null }
      ).getFromFlag();
      const paths = args.filter((a) => !a.startsWith('--'));
      target.copies.push({
        from: from?.getValue() ?? null,
        sources: paths.slice(0, -1),
        destination: paths[paths.length - 1] as string,
      });
    } else if (keyword === 'RUN') {
      target.runs.push(instruction.getArgumentsContent() ?? '');
    }
  }
  return target;
}

/** The image of each service: the Dockerfile's target of the same name. */
export function serviceImages(): Record<ServiceName, ImageTarget> {
  const stages = parseStages(readFileSync(DOCKERFILE, 'utf8'));
  return {
    national: imageTarget(stages, 'national'),
    network: imageTarget(stages, 'network'),
    gateway: imageTarget(stages, 'gateway'),
  };
}

// ---- Compose --------------------------------------------------------------------------------------------

/** KEY=VALUE lines of an env file (comments and blank lines skipped). */
export function readEnvFile(path: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const m = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) values[m[1] as string] = m[2] as string;
  }
  return values;
}

/**
 * Compose interpolation of one string: `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}`,
 * `${VAR?error}`, `${VAR:+other}`, `$VAR` and `$$` (no nesting). Records each variable named.
 */
export function interpolate(text: string, values: Record<string, string>, named: Set<string>): string {
  return text.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (
      whole,
      braced: string | undefined,
      operator: string | undefined,
      word: string | undefined,
      bare: string | undefined,
    ) => {
      if (whole === '$$') return '$';
      const name = (braced ?? bare) as string;
      named.add(name);
      const value = values[name];
      const unsetOrEmpty = value === undefined || value === '';
      switch (operator) {
        case ':-':
          return unsetOrEmpty ? (word ?? '') : (value as string);
        case '-':
          return value === undefined ? (word ?? '') : value;
        case ':?':
        case '?':
          if (operator === ':?' ? unsetOrEmpty : value === undefined) throw new Error(`${name}: ${word}`);
          return value as string;
        case ':+':
          return unsetOrEmpty ? '' : (word ?? '');
        default:
          return value ?? '';
      }
    },
  );
}

function interpolateAll(node: unknown, values: Record<string, string>, named: Set<string>): unknown {
  if (typeof node === 'string') return interpolate(node, values, named);
  if (Array.isArray(node)) return node.map((n) => interpolateAll(n, values, named));
  if (node && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, interpolateAll(v, values, named)]));
  }
  return node;
}

export interface ComposeModel {
  /** The file as YAML, merge keys resolved, before interpolation. */
  raw: Record<string, any>;
  /** After interpolation with the given values (what `docker compose config` would work on). */
  resolved: Record<string, any>;
  /** Every variable the file interpolates. */
  variables: Set<string>;
}

export function loadCompose(values: Record<string, string>, path: string = COMPOSE_FILE): ComposeModel {
  const raw = parseYaml(readFileSync(path, 'utf8'), { merge: true }) as Record<string, any>;
  const variables = new Set<string>();
  const resolved = interpolateAll(raw, values, variables) as Record<string, any>;
  return { raw, resolved, variables };
}

/** A service's environment as a map (compose accepts a map or a list of KEY=VALUE). */
export function composeEnvironment(service: Record<string, any>): Record<string, string> {
  const env = service.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((entry: string) => [entry.split('=')[0] as string, entry.slice(entry.indexOf('=') + 1)]),
    );
  }
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v ?? '')]));
}
