import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { type Resource, renderKustomization } from '../support/kustomize';
import { KUSTOMIZATIONS } from '../support/deployFiles';

function key(r: Resource): string {
  return `${r.kind}/${r.metadata.namespace ?? ''}/${r.metadata.name}`;
}

function byKey(resources: Resource[]): Map<string, Resource> {
  return new Map(resources.map((r) => [key(r), r]));
}

const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
const haveKubectl = kubectl.status === 0;

describe('the test renderer of kustomizations', () => {
  // The tests below check manifests as this renderer renders them, so it must render what kustomize does.
  // kubectl (which embeds kustomize) is on this project's machines; where it is not, this one is skipped.
  (haveKubectl ? it.each(KUSTOMIZATIONS) : it.skip.each(KUSTOMIZATIONS))(
    'renders %s exactly as kubectl kustomize does',
    (dir) => {
      const result = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8' });
      expect(result.stderr).toBe('');
      const expected = parseAllDocuments(result.stdout).map((d) => d.toJS() as Resource);
      const ours = byKey(renderKustomization(dir));
      expect([...ours.keys()].sort()).toEqual(expected.map(key).sort());
      for (const resource of expected) expect(ours.get(key(resource))).toEqual(resource);
    },
  );

  it('refuses a kustomization feature it does not implement instead of rendering it wrongly', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nordic-kustomize-'));
    writeFileSync(join(dir, 'kustomization.yaml'), 'resources: []\nnamePrefix: fi-\n');
    expect(() => renderKustomization(dir)).toThrow(/does not implement namePrefix/);
  });

  it('merges an overlay into a base generator, hashes the name and renames the references', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nordic-kustomize-'));
    mkdirSync(join(dir, 'base'));
    writeFileSync(
      join(dir, 'base', 'kustomization.yaml'),
      'resources: [app.yaml]\nconfigMapGenerator:\n  - name: settings\n    literals: [A=1, B=2]\n',
    );
    writeFileSync(
      join(dir, 'base', 'app.yaml'),
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: { name: app }',
        'spec:',
        '  template:',
        '    spec:',
        '      containers:',
        '        - name: app',
        '          image: example/app:1',
        '          envFrom: [{ configMapRef: { name: settings } }]',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'kustomization.yaml'),
      [
        'namespace: demo',
        'resources: [base]',
        'images: [{ name: example/app, newName: registry.example/app, newTag: "2" }]',
        'configMapGenerator:',
        '  - { name: settings, behavior: merge, literals: [B=3] }',
        'patches:',
        '  - target: { kind: Deployment, name: app }',
        '    patch: "- { op: add, path: /spec/replicas, value: 3 }"',
      ].join('\n'),
    );
    const [configMap, deployment] = renderKustomization(dir) as [Resource, any];
    expect(configMap.data).toEqual({ A: '1', B: '3' });
    expect(configMap.metadata.name).toMatch(/^settings-[a-z0-9]{10}$/);
    expect(configMap.metadata.namespace).toBe('demo');
    const container = deployment.spec.template.spec.containers[0];
    expect(container.envFrom[0].configMapRef.name).toBe(configMap.metadata.name);
    expect(container.image).toBe('registry.example/app:2');
    expect(deployment.spec.replicas).toBe(3);
  });
});
