import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { applyPatch, type Operation } from 'fast-json-patch';
import { parseAllDocuments, parse as parseYaml } from 'yaml';

/**
 * A small kustomize: renders a kustomization directory the way `kubectl kustomize` does, for the subset
 * of kustomize this repository uses (resources, namespace, images, configMapGenerator with a name hash,
 * JSON 6902 patches). Anything else in a kustomization.yaml is refused, so a file that starts to use
 * another feature fails the tests instead of being rendered wrongly.
 */

export interface Resource {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

interface ConfigMapGenerator {
  name: string;
  behavior?: 'create' | 'merge' | 'replace';
  literals?: string[];
  files?: string[];
}

interface ImageOverride {
  name: string;
  newName?: string;
  newTag?: string;
  digest?: string;
}

interface PatchEntry {
  target: { kind?: string; name?: string };
  patch?: string;
  path?: string;
}

interface Kustomization {
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  resources?: string[];
  images?: ImageOverride[];
  configMapGenerator?: ConfigMapGenerator[];
  patches?: PatchEntry[];
}

const SUPPORTED = new Set([
  'apiVersion',
  'kind',
  'namespace',
  'resources',
  'images',
  'configMapGenerator',
  'patches',
]);

/** Kinds without a namespace (the ones this repository could meet). */
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'PersistentVolume',
  'StorageClass',
]);

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'ReplicaSet']);

/** Where generated names are referenced from a pod spec. */
interface GeneratedConfigMap {
  /** The name used in the files. */
  name: string;
  resource: Resource;
}

function readKustomization(dir: string): Kustomization {
  const file = join(dir, 'kustomization.yaml');
  if (!existsSync(file)) throw new Error(`${dir} has no kustomization.yaml`);
  const k = parseYaml(readFileSync(file, 'utf8')) as Kustomization;
  const unsupported = Object.keys(k).filter((key) => !SUPPORTED.has(key));
  if (unsupported.length > 0) {
    throw new Error(`${file}: the test renderer does not implement ${unsupported.join(', ')}`);
  }
  return k;
}

function readResources(path: string): Resource[] {
  return parseAllDocuments(readFileSync(path, 'utf8'))
    .map((doc) => doc.toJS() as Resource | null)
    .filter((r): r is Resource => r !== null);
}

/**
 * kustomize's ConfigMap hash: sha256 of `{"data":…,"kind":"ConfigMap","name":""}` as Go encodes it, first
 * ten hex digits with some letters swapped (kustomize 5 hashes before the name is set, hence "").
 */
function configMapHash(data: Record<string, string>): string {
  const sorted = Object.fromEntries(Object.entries(data).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  // Go's encoding/json: sorted keys, no spaces, <, > and & escaped.
  const json = JSON.stringify({ data: sorted, kind: 'ConfigMap', name: '' })
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026');
  const hex = createHash('sha256').update(json).digest('hex').slice(0, 10);
  const swap: Record<string, string> = { '0': 'g', '1': 'h', '3': 'k', a: 'm', e: 't' };
  return [...hex].map((c) => swap[c] ?? c).join('');
}

function generatorData(dir: string, generator: ConfigMapGenerator): Record<string, string> {
  const data: Record<string, string> = {};
  for (const literal of generator.literals ?? []) {
    const at = literal.indexOf('=');
    if (at < 1) throw new Error(`configMapGenerator ${generator.name}: "${literal}" is not KEY=VALUE`);
    data[literal.slice(0, at)] = literal.slice(at + 1);
  }
  for (const entry of generator.files ?? []) {
    const [key, file] = entry.includes('=')
      ? (entry.split('=', 2) as [string, string])
      : [basename(entry), entry];
    data[key] = readFileSync(join(dir, file), 'utf8');
  }
  return data;
}

function podSpecs(resource: Resource): Record<string, unknown>[] {
  if (!WORKLOADS.has(resource.kind)) return [];
  const spec = (resource.spec as { template?: { spec?: Record<string, unknown> } } | undefined)?.template
    ?.spec;
  return spec ? [spec] : [];
}

type Container = {
  image?: string;
  envFrom?: { configMapRef?: { name: string } }[];
  env?: { valueFrom?: { configMapKeyRef?: { name: string } } }[];
};

function containersOf(spec: Record<string, unknown>): Container[] {
  return [...((spec.initContainers as Container[]) ?? []), ...((spec.containers as Container[]) ?? [])];
}

/** Points every pod-spec reference to a generated ConfigMap at its hashed name. */
function renameConfigMapReferences(resources: Resource[], renamed: Map<string, string>): void {
  const rename = (holder: { name: string } | undefined) => {
    if (holder && renamed.has(holder.name)) holder.name = renamed.get(holder.name) as string;
  };
  for (const spec of resources.flatMap(podSpecs)) {
    for (const container of containersOf(spec)) {
      for (const source of container.envFrom ?? []) rename(source.configMapRef);
      for (const variable of container.env ?? []) rename(variable.valueFrom?.configMapKeyRef);
    }
    for (const volume of (spec.volumes as { configMap?: { name: string } }[]) ?? []) rename(volume.configMap);
  }
}

function applyImages(resources: Resource[], images: ImageOverride[]): void {
  for (const spec of resources.flatMap(podSpecs)) {
    for (const container of containersOf(spec)) {
      if (!container.image) continue;
      const name = container.image.split('@')[0]?.replace(/:[^:/]+$/, '') as string;
      const override = images.find((i) => i.name === name);
      if (!override) continue;
      const tag = container.image.slice(name.length);
      const suffix = override.digest ? `@${override.digest}` : override.newTag ? `:${override.newTag}` : tag;
      container.image = `${override.newName ?? name}${suffix}`;
    }
  }
}

function applyPatches(dir: string, resources: Resource[], patches: PatchEntry[]): void {
  for (const entry of patches) {
    const text = entry.patch ?? readFileSync(join(dir, entry.path as string), 'utf8');
    const operations = parseYaml(text) as unknown;
    if (!Array.isArray(operations)) {
      throw new Error(
        `${dir}: only JSON 6902 patches (a list of operations) are implemented by the test renderer`,
      );
    }
    const targets = resources.filter(
      (r) =>
        (!entry.target.kind || r.kind === entry.target.kind) &&
        (!entry.target.name || r.metadata.name === entry.target.name),
    );
    if (targets.length === 0)
      throw new Error(`${dir}: patch target ${JSON.stringify(entry.target)} matches nothing`);
    for (const target of targets) applyPatch(target, operations as Operation[], true, true);
  }
}

interface Rendered {
  resources: Resource[];
  /** Generated ConfigMaps, by the name the files use, before hashing (an overlay may merge into them). */
  generated: GeneratedConfigMap[];
}

function render(dir: string): Rendered {
  const k = readKustomization(dir);
  const resources: Resource[] = [];
  const generated: GeneratedConfigMap[] = [];
  for (const entry of k.resources ?? []) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      const base = render(path);
      resources.push(...base.resources);
      generated.push(...base.generated);
    } else {
      resources.push(...readResources(path));
    }
  }
  for (const generator of k.configMapGenerator ?? []) {
    const data = generatorData(dir, generator);
    const existing = generated.find((g) => g.name === generator.name);
    const behavior = generator.behavior ?? 'create';
    if (behavior === 'create') {
      if (existing) throw new Error(`${dir}: ConfigMap ${generator.name} is generated twice`);
      generated.push({
        name: generator.name,
        resource: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: generator.name }, data },
      });
    } else {
      if (!existing) throw new Error(`${dir}: ${behavior} of ${generator.name}, which no base generates`);
      const before = existing.resource.data as Record<string, string>;
      existing.resource.data = behavior === 'merge' ? { ...before, ...data } : data;
    }
  }
  if (k.images) applyImages(resources, k.images);
  if (k.patches) applyPatches(dir, [...resources, ...generated.map((g) => g.resource)], k.patches);
  if (k.namespace) {
    for (const r of [...resources, ...generated.map((g) => g.resource)]) {
      if (!CLUSTER_SCOPED.has(r.kind)) r.metadata.namespace = k.namespace;
    }
  }
  return { resources, generated };
}

/** The resources `kubectl kustomize <dir>` would print (generated ConfigMaps named with their hash). */
export function renderKustomization(dir: string): Resource[] {
  const { resources, generated } = render(dir);
  const renamed = new Map<string, string>();
  const configMaps = generated.map(({ name, resource }) => {
    const hashed = `${name}-${configMapHash(resource.data as Record<string, string>)}`;
    renamed.set(name, hashed);
    return { ...resource, metadata: { ...resource.metadata, name: hashed } };
  });
  renameConfigMapReferences(resources, renamed);
  return [...configMaps, ...resources];
}
