import type { Resource } from './kustomize';

/**
 * Who may open a connection to whom in a cluster, by the Kubernetes NetworkPolicy rules (networking.k8s.io/v1):
 * a pod selected by no policy of a direction accepts everything in that direction; a selected pod accepts
 * only what one of its policies' rules allows. `ipBlock` peers are taken to match every source, which can
 * only make a check stricter.
 */

export interface Pod {
  /** `<namespace>/<workload>` for messages. */
  id: string;
  namespace: string;
  labels: Record<string, string>;
  /** Named container ports. */
  ports: Record<string, number>;
}

interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: {
    key: string;
    operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
    values?: string[];
  }[];
}

interface Peer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string };
}

interface PolicyPort {
  port?: number | string;
  endPort?: number;
  protocol?: string;
}

interface Rule {
  from?: Peer[];
  to?: Peer[];
  ports?: PolicyPort[];
}

interface NetworkPolicy {
  namespace: string;
  name: string;
  podSelector: LabelSelector;
  policyTypes: string[];
  ingress: Rule[];
  egress: Rule[];
}

export interface Cluster {
  pods: Pod[];
  namespaces: Map<string, Record<string, string>>;
  policies: NetworkPolicy[];
}

export function matchesSelector(
  selector: LabelSelector | undefined,
  labels: Record<string, string>,
): boolean {
  if (!selector) return true;
  for (const [key, value] of Object.entries(selector.matchLabels ?? {}))
    if (labels[key] !== value) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = key(labels, e.key);
    if (e.operator === 'In' && !(has && (e.values ?? []).includes(labels[e.key] as string))) return false;
    if (e.operator === 'NotIn' && has && (e.values ?? []).includes(labels[e.key] as string)) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

function key(labels: Record<string, string>, name: string): boolean {
  return Object.prototype.hasOwnProperty.call(labels, name);
}

/** The pods of every workload and the namespaces (with the label Kubernetes adds to each) of `resources`. */
export function clusterOf(
  resources: Resource[],
  extraPods: Pod[] = [],
  extraNamespaces: Record<string, Record<string, string>> = {},
): Cluster {
  const namespaces = new Map<string, Record<string, string>>();
  const addNamespace = (name: string, labels: Record<string, string> = {}) =>
    namespaces.set(name, { ...(namespaces.get(name) ?? {}), ...labels, 'kubernetes.io/metadata.name': name });
  const pods: Pod[] = [...extraPods];
  const policies: NetworkPolicy[] = [];
  for (const [name, labels] of Object.entries(extraNamespaces)) addNamespace(name, labels);
  for (const r of resources) {
    const namespace = r.metadata.namespace ?? 'default';
    if (r.kind === 'Namespace') addNamespace(r.metadata.name, r.metadata.labels);
    else addNamespace(namespace);
    const template = (r.spec as any)?.template;
    if (['Deployment', 'StatefulSet', 'DaemonSet'].includes(r.kind) && template) {
      const ports: Record<string, number> = {};
      for (const c of template.spec.containers ?? [])
        for (const p of c.ports ?? []) if (p.name) ports[p.name] = p.containerPort;
      pods.push({
        id: `${namespace}/${r.metadata.name}`,
        namespace,
        labels: template.metadata?.labels ?? {},
        ports,
      });
    }
    if (r.kind === 'NetworkPolicy') {
      const spec = r.spec as any;
      const egress: Rule[] = spec.egress ?? [];
      policies.push({
        namespace,
        name: r.metadata.name,
        podSelector: spec.podSelector ?? {},
        policyTypes: spec.policyTypes ?? ['Ingress', ...(egress.length > 0 ? ['Egress'] : [])],
        ingress: spec.ingress ?? [],
        egress,
      });
    }
  }
  for (const pod of extraPods) addNamespace(pod.namespace, namespaces.get(pod.namespace));
  return { pods, namespaces, policies };
}

function peerMatches(cluster: Cluster, policyNamespace: string, peer: Peer, other: Pod): boolean {
  if (peer.ipBlock) return true;
  const namespaceLabels = cluster.namespaces.get(other.namespace) ?? {};
  if (peer.namespaceSelector) {
    if (!matchesSelector(peer.namespaceSelector, namespaceLabels)) return false;
    return peer.podSelector ? matchesSelector(peer.podSelector, other.labels) : true;
  }
  return other.namespace === policyNamespace && matchesSelector(peer.podSelector, other.labels);
}

function portMatches(rulePorts: PolicyPort[] | undefined, target: Pod, port: number): boolean {
  if (!rulePorts || rulePorts.length === 0) return true;
  return rulePorts.some((p) => {
    if ((p.protocol ?? 'TCP') !== 'TCP') return false;
    if (p.port === undefined) return true;
    const number = typeof p.port === 'string' ? target.ports[p.port] : p.port;
    return number !== undefined && port >= number && port <= (p.endPort ?? number);
  });
}

function directionAllows(
  cluster: Cluster,
  direction: 'Ingress' | 'Egress',
  subject: Pod,
  other: Pod,
  target: Pod,
  port: number,
): boolean {
  const selecting = cluster.policies.filter(
    (p) =>
      p.namespace === subject.namespace &&
      p.policyTypes.includes(direction) &&
      matchesSelector(p.podSelector, subject.labels),
  );
  if (selecting.length === 0) return true;
  return selecting.some((policy) =>
    (direction === 'Ingress' ? policy.ingress : policy.egress).some((rule) => {
      const peers = direction === 'Ingress' ? rule.from : rule.to;
      const peerOk =
        !peers ||
        peers.length === 0 ||
        peers.some((peer) => peerMatches(cluster, policy.namespace, peer, other));
      return peerOk && portMatches(rule.ports, target, port);
    }),
  );
}

/** Whether `source` may open a TCP connection to `target` on `port` (both directions' policies agree). */
export function mayConnect(cluster: Cluster, source: Pod, target: Pod, port: number): boolean {
  return (
    directionAllows(cluster, 'Egress', source, target, target, port) &&
    directionAllows(cluster, 'Ingress', target, source, target, port)
  );
}

/** The ids of every pod of the cluster that may connect to `target` on `port`. */
export function callersOf(cluster: Cluster, target: Pod, port: number): string[] {
  return cluster.pods
    .filter((p) => p !== target && mayConnect(cluster, p, target, port))
    .map((p) => p.id)
    .sort();
}
