/**
 * `renewal: { mode: 'in-cluster' }` on the cdk8s PxSecureCluster: no token in the output, the renewer's objects
 * instead, with RBAC that grants nothing beyond what the renewer needs.
 */
import { createHash } from 'node:crypto';
import { App, Chart } from 'cdk8s';
import { PxSecureCluster, PxStorageClass, PxTenant } from '../../lib/cdk8s';
import { PxTesting, TEST_CLOCK, TEST_KEYS } from '../../lib/testing';
import { RENEWER_SCRIPT } from '../../lib/core/renewer/script';
import { TokenRenewal } from '../../lib/core/renewer/renewal';
import { caughtPxSecurityError } from '../support/caught';
import { findObject, synthErrors } from '../support/cdk8s-synth';
import { validateKubernetesObjects } from '../support/kube-schema';

type Objects = Record<string, any>[];
const TENANTS = ['tenant-a', 'tenant-b'];

function build(renewal: TokenRenewal | undefined, tenants: readonly string[] = TENANTS): { app: App; chart: Chart; cluster: PxSecureCluster } {
  const app = PxTesting.app();
  const chart = new Chart(app, 'test');
  const cluster = new PxSecureCluster(chart, 'portworx', {
    issuer: 'portworx.com',
    keys: TEST_KEYS,
    clock: TEST_CLOCK,
    ...(renewal === undefined ? {} : { renewal }),
  });
  for (const namespace of tenants) new PxTenant(chart, namespace, { cluster, namespace });
  new PxStorageClass(chart, 'class', { cluster, name: 'px-tenant', token: { kind: 'per-tenant' } });
  cluster.addTokenSecret('k8s-user', { namespace: 'portworx', namespaceExists: true, identity: { name: 'Kubernetes', roles: ['system.user'] } });
  return { app, chart, cluster };
}

function synth(renewal: TokenRenewal | undefined, tenants: readonly string[] = TENANTS): Objects {
  const { app, chart } = build(renewal, tenants);
  expect(synthErrors(app)).toBe('');
  return chart.toJson() as Objects;
}

describe('in-cluster renewal (cdk8s)', () => {
  it('emits no token Secret and no token, and valid objects', () => {
    const objects = synth({ mode: 'in-cluster' });
    expect(validateKubernetesObjects(objects)).toBe(objects.length);
    expect(objects.filter((object) => object.kind === 'Secret').map((object) => `${object.metadata.namespace}/${object.metadata.name}`)).toEqual([
      'kube-system/pxkeys',
    ]);
    expect(JSON.stringify(objects)).not.toMatch(/eyJhbGciOi/);
    // The tenants' Namespaces are still emitted.
    expect(objects.filter((object) => object.kind === 'Namespace').map((object) => object.metadata.name)).toEqual(TENANTS);
  });

  it('defaults to 24h tokens renewed 12h before expiry, every 10 minutes, on node:24-alpine', () => {
    const objects = synth({ mode: 'in-cluster' });
    const config = JSON.parse(findObject(objects, 'ConfigMap', 'px-token-renewer', 'kube-system').data['config.json'] as string);
    expect(config).toMatchObject({ tokenLifetimeSeconds: 86_400, renewBeforeSeconds: 43_200, backdateSeconds: 600 });
    const cronJob = findObject(objects, 'CronJob', 'px-token-renewer', 'kube-system');
    expect(cronJob.spec.schedule).toBe('*/10 * * * *');
    expect(cronJob.spec.jobTemplate.spec.template.spec.containers[0].image).toBe('node:24-alpine');
  });

  it('leaves the output as it was without renewal, or with mode synth', () => {
    expect(synth({ mode: 'synth' })).toEqual(synth(undefined));
    expect(synth(undefined).filter((object) => object.kind === 'Secret')).toHaveLength(4);
  });

  it('puts the script and the token Secrets to serve in the ConfigMap, and their digest on the pod templates and the Job name', () => {
    const objects = synth({ mode: 'in-cluster', lifetime: '2d', renewBefore: '1d', schedule: '*/5 * * * *', image: 'registry.example/node:24-alpine' });
    const configMap = findObject(objects, 'ConfigMap', 'px-token-renewer', 'kube-system');
    expect(configMap.data['renew.js']).toBe(RENEWER_SCRIPT);
    const config = JSON.parse(configMap.data['config.json'] as string);
    expect(config).toMatchObject({
      issuer: 'portworx.com',
      keysSecret: { namespace: 'kube-system', name: 'pxkeys', key: 'shared-secret' },
      tokenLifetimeSeconds: 172_800,
      renewBeforeSeconds: 86_400,
      backdateSeconds: 600,
      storkSkipResource: true,
    });
    expect(config.tokens.map((token: { namespace: string; name: string }) => `${token.namespace}/${token.name}`)).toEqual([
      'portworx/px-k8s-user',
      'tenant-a/px-k8s-user',
      'tenant-b/px-k8s-user',
    ]);
    expect(config.tokens[1].identity).toMatchObject({ name: 'tenant-a', roles: ['system.user'], groups: [] });
    const digest = createHash('sha256')
      .update(RENEWER_SCRIPT)
      .update('\0')
      .update(configMap.data['config.json'])
      .update('\0')
      .update('registry.example/node:24-alpine')
      .digest('hex');
    const cronJob = findObject(objects, 'CronJob', 'px-token-renewer', 'kube-system');
    expect(cronJob.spec.schedule).toBe('*/5 * * * *');
    expect(cronJob.spec.concurrencyPolicy).toBe('Forbid');
    const job = findObject(objects, 'Job', `px-token-renewer-${digest.slice(0, 10)}`, 'kube-system');
    for (const template of [cronJob.spec.jobTemplate.spec.template, job.spec.template]) {
      expect(template.metadata.annotations['px-security-constructs/renewer-script-sha256']).toBe(digest);
      expect(template.spec.containers[0].image).toBe('registry.example/node:24-alpine');
      expect(template.spec.containers[0].command).toEqual(['node', '/px-token-renewer/renew.js']);
      expect(template.spec.serviceAccountName).toBe('px-token-renewer');
    }
    // A new tenant changes the configuration: a new Job (its pod template cannot change) and a new digest.
    const more = synth({ mode: 'in-cluster', lifetime: '2d', renewBefore: '1d', schedule: '*/5 * * * *', image: 'registry.example/node:24-alpine' }, [
      ...TENANTS,
      'tenant-c',
    ]);
    const newJob = more.find((object) => object.kind === 'Job');
    expect(newJob?.metadata.name).not.toBe(job.metadata.name);
  });

  it('grants nothing beyond: get the keys Secret; get and update the token Secrets, create Secrets, in their namespaces', () => {
    const objects = synth({ mode: 'in-cluster' });
    expect(objects.filter((object) => object.kind === 'ClusterRole' || object.kind === 'ClusterRoleBinding')).toEqual([]);
    const roles = objects.filter((object) => object.kind === 'Role');
    const bindings = objects.filter((object) => object.kind === 'RoleBinding');
    // Every binding binds one Role of its own namespace to the renewer's ServiceAccount only.
    for (const binding of bindings) {
      expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'px-token-renewer', namespace: 'kube-system' }]);
      expect(binding.roleRef.kind).toBe('Role');
      expect(roles.some((role) => role.metadata.name === binding.roleRef.name && role.metadata.namespace === binding.metadata.namespace)).toBe(true);
    }
    expect(bindings).toHaveLength(roles.length);
    // Each granted permission as "namespace verb resource/name" ("*" for any name).
    const granted = roles
      .flatMap((role) =>
        (role.rules as { apiGroups: string[]; resources: string[]; resourceNames?: string[]; verbs: string[] }[]).flatMap((rule) =>
          rule.apiGroups.flatMap((group) =>
            rule.resources.flatMap((resource) =>
              rule.verbs.flatMap((verb) => (rule.resourceNames ?? ['*']).map((name) => `${role.metadata.namespace} ${verb} ${group}/${resource}/${name}`)),
            ),
          ),
        ),
      )
      .sort();
    const tokenNamespaces = ['portworx', ...TENANTS];
    const expected = [
      'kube-system get /secrets/pxkeys',
      ...tokenNamespaces.flatMap((namespace) => [
        `${namespace} get /secrets/px-k8s-user`,
        `${namespace} update /secrets/px-k8s-user`,
        `${namespace} create /secrets/*`,
      ]),
    ].sort();
    expect(granted).toEqual(expected);
  });

  it('orders the output for a first kubectl apply: Namespace, then its Role; every Role and RoleBinding, then the CronJob and the Job', () => {
    const objects = synth({ mode: 'in-cluster' });
    const at = (kind: string, namespace: string | undefined, name: string): number =>
      objects.findIndex((object) => object.kind === kind && object.metadata.name === name && object.metadata.namespace === namespace);
    const workloads = Math.min(
      at('CronJob', 'kube-system', 'px-token-renewer'),
      objects.findIndex((object) => object.kind === 'Job'),
    );
    for (const namespace of TENANTS) {
      expect(at('Namespace', undefined, namespace)).toBeLessThan(at('Role', namespace, 'px-token-renewer'));
      expect(at('Namespace', undefined, namespace)).toBeLessThan(at('RoleBinding', namespace, 'px-token-renewer'));
    }
    const access = objects.flatMap((object, index) => (object.kind === 'Role' || object.kind === 'RoleBinding' ? [index] : []));
    expect(Math.max(...access)).toBeLessThan(workloads);
    expect(at('ConfigMap', 'kube-system', 'px-token-renewer')).toBeLessThan(workloads);
  });

  it('refuses a bad renewal with the prop path, the value and the fix', () => {
    const cases: [TokenRenewal, string, string][] = [
      [{ mode: 'in cluster' as 'in-cluster' }, 'test/portworx.renewal.mode', 'RENEWAL_INVALID'],
      [{ mode: 'in-cluster', lifetime: '24h', renewBefore: '24h' }, 'test/portworx.renewal.renewBefore', 'RENEWAL_INVALID'],
      [{ mode: 'in-cluster', lifetime: '1h30m' }, 'test/portworx.renewal.lifetime', 'DURATION_INVALID'],
      [{ mode: 'in-cluster', schedule: 'every 10 minutes' }, 'test/portworx.renewal.schedule', 'RENEWAL_INVALID'],
      [{ mode: 'in-cluster', image: 'node 24' }, 'test/portworx.renewal.image', 'RENEWAL_INVALID'],
      [{ mode: 'in-cluster', backdateSeconds: -1 }, 'test/portworx.renewal.backdateSeconds', 'RENEWAL_INVALID'],
    ];
    for (const [renewal, field, code] of cases) {
      const error = caughtPxSecurityError(() => build(renewal));
      expect(error.code).toBe(code);
      expect(error.message).toContain(field);
    }
  });

  it('refuses a delivery asked for a token Secret the renewer writes', () => {
    const app = PxTesting.app();
    const chart = new Chart(app, 'test');
    const cluster = new PxSecureCluster(chart, 'portworx', { issuer: 'portworx.com', keys: TEST_KEYS, clock: TEST_CLOCK, renewal: { mode: 'in-cluster' } });
    const error = caughtPxSecurityError(() => new PxTenant(chart, 'tenant-a', { cluster, namespace: 'tenant-a', secretDelivery: { kind: 'plain' } }));
    expect(error.code).toBe('RENEWAL_INVALID');
    expect(error.message).toContain('test/tenant-a/token.secretDelivery');
  });

  it('still checks the tenants and classes together at synth', () => {
    const app = PxTesting.app();
    const chart = new Chart(app, 'test');
    const cluster = new PxSecureCluster(chart, 'portworx', { issuer: 'portworx.com', keys: TEST_KEYS, clock: TEST_CLOCK, renewal: { mode: 'in-cluster' } });
    new PxTenant(chart, 'a', { cluster, namespace: 'tenant-a', identity: { sub: 'same' } });
    new PxTenant(chart, 'b', { cluster, namespace: 'tenant-b', identity: { sub: 'same' } });
    expect(synthErrors(app)).toContain('[TOKEN_SUB_SHARED]');
  });
});
