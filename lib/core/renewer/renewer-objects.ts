/**
 * The in-cluster token renewer as plain Kubernetes objects: its ConfigMap (the script and the token Secrets to
 * serve, as non-secret data), a ServiceAccount, least-privilege RBAC, a CronJob and the first Job.
 *
 * RBAC, and nothing beyond it:
 * - in the keys Secret's namespace, a Role granting `get` on the keys Secret only (`resourceNames`), or, when
 *   tokens are signed RS256/ES256, on the private key's Secret only (the renewer then needs no shared secret);
 * - in each namespace with a token Secret, a Role granting `get` and `update` on those token Secrets only
 *   (`resourceNames`), and `create` on Secrets. Kubernetes cannot restrict `create` by `resourceNames` (the name of
 *   an object to be created is not known when the request is authorized: "Note: You cannot restrict create or
 *   deletecollection requests by their resource name", kubernetes.io/docs/reference/access-authn-authz/rbac/), so
 *   the renewer may create a Secret of any name in a tenant namespace; the script only ever creates the token
 *   Secrets of its ConfigMap.
 *
 * The first Job is named after a digest of the pod template it runs (script, configuration, image): a Job's pod
 * template cannot be changed once created, so a change makes a new Job (which runs at once) instead of a refused
 * apply. Completed Jobs of earlier digests are left to `kubectl apply --prune` or the GitOps tool's pruning.
 */
import { createHash } from 'node:crypto';
import { KubeObject } from '../kube/kube-object';
import { SHARED_SECRET_KEY } from '../names';
import type { KeysSecretPlacement } from '../cluster/plan';
import { RenewedTokenSecret, ResolvedRenewal } from './renewal';
import {
  MANAGED_BY_LABEL,
  RENEWER_CONFIG_FILE,
  RENEWER_CONFIG_LABEL,
  RENEWER_KEYS_ROLE_NAME,
  RENEWER_MOUNT_PATH,
  RENEWER_NAME,
  RENEWER_SCRIPT_DIGEST_ANNOTATION,
  RENEWER_SCRIPT_FILE,
} from './renewer-names';
import { RENEWER_SCRIPT } from './script';
import { RENEWER_SIGNING_KEY_KEY, RENEWER_SIGNING_KEY_SECRET_NAME } from './renewer-names';

/** What the renewer needs to know about its cluster. */
export interface RenewerCluster {
  /** The issuer every token carries. */
  readonly issuer: string;
  /** The Secret the shared secret is read from; its namespace is where the renewer runs. */
  readonly keysSecret: KeysSecretPlacement;
  /** Whether token Secrets carry stork's skip annotation. */
  readonly storkSkipResource: boolean;
  /**
   * Tokens are signed with the private key of the Secret `px-token-signing-key` (key `private.pem`) in the keys
   * Secret's namespace, with this algorithm. @default - HS256 with the shared secret of the keys Secret
   */
  readonly signingAlgorithm?: 'RS256' | 'ES256' | undefined;
}

/** The renewer's configuration, as the script reads it from `config.json`. */
export interface RenewerConfig {
  readonly issuer: string;
  readonly keysSecret: { readonly namespace: string; readonly name: string; readonly key: string };
  /** RS256/ES256: the Secret and key of the private key's PEM (read instead of the keys Secret). */
  readonly signing?: { readonly algorithm: 'RS256' | 'ES256'; readonly secret: { readonly namespace: string; readonly name: string; readonly key: string } };
  readonly tokenLifetimeSeconds: number;
  readonly renewBeforeSeconds: number;
  readonly backdateSeconds: number;
  readonly storkSkipResource: boolean;
  readonly tokens: readonly {
    readonly namespace: string;
    readonly name: string;
    readonly identity: {
      readonly email: string;
      readonly groups: readonly string[];
      readonly name: string;
      readonly roles: readonly string[];
      readonly sub: string;
    };
    readonly labels?: Readonly<Record<string, string>>;
  }[];
}

/** The renewer's objects. */
export interface RenewerObjects {
  /** The ConfigMap holding `renew.js` and `config.json`. */
  readonly configMap: KubeObject;
  readonly serviceAccount: KubeObject;
  /** Role and RoleBinding: `get` on the keys Secret. */
  readonly keysAccess: readonly [KubeObject, KubeObject];
  /** Per namespace with a token Secret (sorted): Role and RoleBinding. */
  readonly tokenAccess: readonly { readonly namespace: string; readonly objects: readonly [KubeObject, KubeObject] }[];
  readonly cronJob: KubeObject;
  /** The first run, at apply. */
  readonly job: KubeObject;
  /** SHA-256 (hex) of the script and its configuration: on the pod templates, and in the Job's name. */
  readonly digest: string;
}

const RBAC_API_VERSION = 'rbac.authorization.k8s.io/v1';
const COMPONENT_LABELS: Readonly<Record<string, string>> = { 'app.kubernetes.io/name': RENEWER_NAME, [MANAGED_BY_LABEL]: 'px-security-constructs' };

/** The configuration of the renewer, with the token Secrets in a stable order (by namespace, then name). */
export function renewerConfig(cluster: RenewerCluster, renewal: ResolvedRenewal, tokens: readonly RenewedTokenSecret[]): RenewerConfig {
  const sorted = [...tokens].sort((a, b) => compare(a.namespace, b.namespace) || compare(a.name, b.name));
  return {
    issuer: cluster.issuer,
    keysSecret: { namespace: cluster.keysSecret.namespace, name: cluster.keysSecret.name, key: SHARED_SECRET_KEY },
    ...(cluster.signingAlgorithm === undefined
      ? {}
      : {
          signing: {
            algorithm: cluster.signingAlgorithm,
            secret: { namespace: cluster.keysSecret.namespace, name: RENEWER_SIGNING_KEY_SECRET_NAME, key: RENEWER_SIGNING_KEY_KEY },
          },
        }),
    tokenLifetimeSeconds: renewal.lifetimeSeconds,
    renewBeforeSeconds: renewal.renewBeforeSeconds,
    backdateSeconds: renewal.backdateSeconds,
    storkSkipResource: cluster.storkSkipResource,
    tokens: sorted.map((token) => ({
      namespace: token.namespace,
      name: token.name,
      identity: {
        email: token.identity.email,
        groups: [...token.identity.groups],
        name: token.identity.name,
        roles: [...token.identity.roles],
        sub: token.identity.sub,
      },
      ...(token.labels !== undefined && Object.keys(token.labels).length > 0 ? { labels: { ...token.labels } } : {}),
    })),
  };
}

/** Every object of the renewer for the token Secrets `tokens`. */
export function renewerObjects(cluster: RenewerCluster, renewal: ResolvedRenewal, tokens: readonly RenewedTokenSecret[]): RenewerObjects {
  const namespace = cluster.keysSecret.namespace;
  const configText = `${JSON.stringify(renewerConfig(cluster, renewal, tokens), null, 2)}\n`;
  const digest = createHash('sha256').update(RENEWER_SCRIPT).update('\0').update(configText).update('\0').update(renewal.image).digest('hex');
  const configMap: KubeObject = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: RENEWER_NAME, namespace, labels: { ...COMPONENT_LABELS, [RENEWER_CONFIG_LABEL]: 'config' } },
    data: { [RENEWER_CONFIG_FILE]: configText, [RENEWER_SCRIPT_FILE]: RENEWER_SCRIPT },
  };
  const serviceAccount: KubeObject = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: metadata(RENEWER_NAME, namespace) };
  const keysRole: KubeObject = {
    apiVersion: RBAC_API_VERSION,
    kind: 'Role',
    metadata: metadata(RENEWER_KEYS_ROLE_NAME, namespace),
    rules: [
      {
        apiGroups: [''],
        resources: ['secrets'],
        resourceNames: [cluster.signingAlgorithm === undefined ? cluster.keysSecret.name : RENEWER_SIGNING_KEY_SECRET_NAME],
        verbs: ['get'],
      },
    ],
  };
  const namesByNamespace = new Map<string, Set<string>>();
  for (const token of tokens) namesByNamespace.set(token.namespace, (namesByNamespace.get(token.namespace) ?? new Set()).add(token.name));
  const tokenAccess = [...namesByNamespace.entries()]
    .sort(([a], [b]) => compare(a, b))
    .map(([tokenNamespace, names]) => ({ namespace: tokenNamespace, objects: tokenAccessObjects(namespace, tokenNamespace, [...names]) }));
  const podTemplate = renewerPodTemplate(renewal, digest);
  const cronJob: KubeObject = {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: metadata(RENEWER_NAME, namespace),
    spec: {
      schedule: renewal.schedule,
      concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: 300,
      successfulJobsHistoryLimit: 1,
      failedJobsHistoryLimit: 3,
      jobTemplate: { spec: renewerJobSpec(podTemplate) },
    },
  };
  const job: KubeObject = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: metadata(`${RENEWER_NAME}-${digest.slice(0, 10)}`, namespace),
    spec: renewerJobSpec(podTemplate),
  };
  return { configMap, serviceAccount, keysAccess: [keysRole, roleBinding(RENEWER_KEYS_ROLE_NAME, namespace, namespace)], tokenAccess, cronJob, job, digest };
}

/**
 * The Role and RoleBinding that let the renewer (running in `renewerNamespace`) write the token Secrets `names` of
 * `namespace`: `get` and `update` on those names only, and `create` on Secrets (see the header).
 */
export function tokenAccessObjects(renewerNamespace: string, namespace: string, names: readonly string[]): readonly [KubeObject, KubeObject] {
  const role: KubeObject = {
    apiVersion: RBAC_API_VERSION,
    kind: 'Role',
    metadata: metadata(RENEWER_NAME, namespace),
    rules: [
      { apiGroups: [''], resources: ['secrets'], resourceNames: [...new Set(names)].sort(compare), verbs: ['get', 'update'] },
      // create cannot be restricted by resourceNames (see the header).
      { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
    ],
  };
  return [role, roleBinding(RENEWER_NAME, namespace, renewerNamespace)];
}

function metadata(name: string, namespace: string): KubeObject['metadata'] {
  return { name, namespace, labels: { ...COMPONENT_LABELS } };
}

/** A RoleBinding of the Role `name` in `namespace` to the renewer's ServiceAccount. */
function roleBinding(name: string, namespace: string, renewerNamespace: string): KubeObject {
  return {
    apiVersion: RBAC_API_VERSION,
    kind: 'RoleBinding',
    metadata: metadata(name, namespace),
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
    subjects: [{ kind: 'ServiceAccount', name: RENEWER_NAME, namespace: renewerNamespace }],
  };
}

function renewerJobSpec(template: Record<string, unknown>): Record<string, unknown> {
  return { backoffLimit: 4, activeDeadlineSeconds: 600, template };
}

/** The pod that runs the script: the stock image, the ConfigMap mounted read-only, no privileges. */
function renewerPodTemplate(renewal: ResolvedRenewal, digest: string): Record<string, unknown> {
  return {
    metadata: { labels: { ...COMPONENT_LABELS }, annotations: { [RENEWER_SCRIPT_DIGEST_ANNOTATION]: digest } },
    spec: {
      serviceAccountName: RENEWER_NAME,
      restartPolicy: 'Never',
      securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [
        {
          name: 'renewer',
          image: renewal.image,
          command: ['node', `${RENEWER_MOUNT_PATH}/${RENEWER_SCRIPT_FILE}`],
          volumeMounts: [{ name: 'renewer', mountPath: RENEWER_MOUNT_PATH, readOnly: true }],
          securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
          resources: { requests: { cpu: '10m', memory: '64Mi' }, limits: { memory: '256Mi' } },
        },
      ],
      volumes: [{ name: 'renewer', configMap: { name: RENEWER_NAME } }],
    },
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
