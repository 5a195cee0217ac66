/**
 * The first-apply rule on plain objects: what each object needs, which object comes too early, and an order that
 * puts providers first.
 */
import { applyPrerequisites, firstApplyOrder, firstApplyProblems, providedKeys } from '../../lib/core/cluster/apply-order';

const namespace = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
const secret = (ns: string, name: string) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: ns } });

/** A Deployment in `ns` whose pod spec is `podSpec`. */
const deployment = (ns: string, podSpec: Record<string, unknown>) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'app', namespace: ns },
  spec: { template: { spec: podSpec } },
});

test('a workload needs its Namespace and every Secret its pods read, except optional ones', () => {
  const reads = deployment('team', {
    initContainers: [{ name: 'init', envFrom: [{ secretRef: { name: 'from-env' } }] }],
    containers: [
      {
        name: 'c',
        env: [
          { name: 'A', valueFrom: { secretKeyRef: { name: 'keyed', key: 'k' } } },
          { name: 'B', valueFrom: { secretKeyRef: { name: 'maybe', key: 'k', optional: true } } },
        ],
      },
    ],
    volumes: [
      { name: 'v', secret: { secretName: 'mounted' } },
      { name: 'p', projected: { sources: [{ secret: { name: 'projected' } }] } },
    ],
    imagePullSecrets: [{ name: 'registry' }],
  });
  expect(applyPrerequisites(reads).map((p) => `${p.kind} ${p.namespace}/${p.name} at ${p.field}`)).toEqual([
    'Namespace /team at metadata.namespace',
    'Secret team/from-env at spec.template.spec.initContainers[0].envFrom[0].secretRef',
    'Secret team/keyed at spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef',
    'Secret team/mounted at spec.template.spec.volumes[0].secret',
    'Secret team/projected at spec.template.spec.volumes[1].projected.sources[0].secret',
    'Secret team/registry at spec.template.spec.imagePullSecrets[0]',
  ]);
});

test('a class needs the fixed Secrets it names, not templates; cluster-scoped objects need no Namespace', () => {
  const storageClass = {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'c', namespace: 'stray' },
    parameters: {
      'openstorage.io/auth-secret-name': 'px-k8s-user',
      'openstorage.io/auth-secret-namespace': 'portworx',
      'csi.storage.k8s.io/provisioner-secret-name': 'px-k8s-user',
      'csi.storage.k8s.io/provisioner-secret-namespace': '${pvc.namespace}',
    },
  };
  expect(applyPrerequisites(storageClass).map((p) => `${p.kind} ${p.namespace}/${p.name}`)).toEqual(['Secret portworx/px-k8s-user']);
});

test('a SealedSecret and an ExternalSecret provide the Secret they make', () => {
  expect(
    providedKeys({
      apiVersion: 'bitnami.com/v1alpha1',
      kind: 'SealedSecret',
      metadata: { name: 's', namespace: 'n' },
      spec: { template: { metadata: { name: 'made' } } },
    }),
  ).toContain('Secret/n/made');
  expect(
    providedKeys({
      apiVersion: 'external-secrets.io/v1beta1',
      kind: 'ExternalSecret',
      metadata: { name: 'e', namespace: 'n' },
      spec: { target: { name: 'target' } },
    }),
  ).toContain('Secret/n/target');
});

test('problems: only what a later object provides, once per object and thing needed', () => {
  const objects = [
    deployment('team', {
      containers: [{ name: 'c', env: [1, 2].map((i) => ({ name: `K${i}`, valueFrom: { secretKeyRef: { name: 'keys', key: `k${i}` } } })) }],
    }),
    secret('team', 'keys'),
    namespace('team'),
    secret('elsewhere', 'x'),
  ];
  expect(firstApplyProblems(objects).map((p) => [p.index, `${p.prerequisite.kind} ${p.prerequisite.name}`, p.providerIndex])).toEqual([
    [0, 'Namespace team', 2],
    [0, 'Secret keys', 1],
    [1, 'Namespace team', 2],
  ]);
});

test('an order with providers first, list order otherwise', () => {
  const objects = [
    deployment('team', { containers: [{ name: 'c', envFrom: [{ secretRef: { name: 'keys' } }] }] }),
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' } },
    secret('team', 'keys'),
    namespace('team'),
  ];
  const order = firstApplyOrder(objects);
  expect(order).toEqual([3, 2, 0, 1]);
  expect(firstApplyProblems(order.map((index) => objects[index] ?? {}))).toEqual([]);
});
