/**
 * Securing, in place, the Portworx objects a program already declares: the spec a Pulumi program installs with
 * `k8s.yaml.ConfigFile`/`ConfigGroup` or a `k8s.helm.v3.Chart` (cdk8s users have `include`). The cluster is
 * planned up front, from the same spec or from the form and namespace the program installs; then each object
 * is secured on its own as the program's YAML or chart hands it over.
 */
import { PxSecurityError } from '../errors/errors';
import { validateDnsLabel } from '../kube/kube-names';
import { OPERATOR_SHARED_SECRET_NAME, PX_KEYS_SECRET_NAMESPACE, STORAGE_CLUSTER_KIND } from '../names';
import { SecureClusterPlan, SecureClusterPlanProps, planSecureCluster } from './plan';
import { secureSpecObject } from '../spec/secure-object';
import { describeObject } from '../spec/targets';
import { resolveSecuritySettings, SecuritySettings } from './security-settings';
import type { FieldOptions } from '../errors/field-options';

/**
 * A Portworx install the program declares in a form this library cannot read up front (a Helm chart,
 * rendered only when the program runs): which form it is and the namespace it installs Portworx in.
 */
export interface IncludedInstall {
  /** `daemonset`: the portworx DaemonSet and stork; `operator`: a StorageCluster. */
  readonly form: 'daemonset' | 'operator';
  /**
   * The namespace of the portworx DaemonSet or of the StorageCluster: the keys Secret goes there, since
   * Portworx reads it from its own namespace.
   * @default 'kube-system'
   */
  readonly namespace?: string;
}

/**
 * Plans a cluster whose spec objects the program declares itself, from the form and namespace of the install.
 * The plan holds no spec objects (nothing is to be emitted); the objects are secured one by one with
 * {@link secureIncludedObject}. Props errors are thrown here, as for a spec.
 */
export function planIncludedCluster(
  props: Omit<SecureClusterPlanProps, 'specObjects'>,
  install: IncludedInstall,
  options: FieldOptions = {},
): SecureClusterPlan {
  const field = options.field ?? 'cluster';
  resolveSecuritySettings(props, { field });
  if (install.form !== 'daemonset' && install.form !== 'operator') {
    throw new PxSecurityError({
      code: 'INCLUDE_FORM_INVALID',
      field: `${field}.include.form`,
      value: install.form,
      problem: 'is not a Portworx install form',
      fix: "use 'daemonset' (a portworx DaemonSet and stork) or 'operator' (a StorageCluster)",
    });
  }
  const namespace = install.namespace ?? PX_KEYS_SECRET_NAMESPACE;
  validateDnsLabel(namespace, `${field}.include.namespace`);
  if (install.form === 'daemonset') {
    if (props.keysSecretNamespace !== undefined && props.keysSecretNamespace !== namespace) {
      throw new PxSecurityError({
        code: 'KEYS_SECRET_NAMESPACE_MISMATCH',
        field: `${field}.keysSecretNamespace`,
        value: props.keysSecretNamespace,
        problem: `differs from the portworx DaemonSet's namespace "${namespace}"; a secretKeyRef only reads Secrets in the pod's own namespace`,
        fix: `leave keysSecretNamespace unset or set it to "${namespace}"`,
      });
    }
    const plan = planSecureCluster({ ...withoutSpec(props), keysSecretNamespace: namespace }, { field });
    return { ...plan, form: 'daemonset' };
  }
  const plan = planSecureCluster(withoutSpec(props), { field });
  const name = props.sharedSecretName ?? OPERATOR_SHARED_SECRET_NAME;
  return { ...plan, form: 'operator', keysSecret: { name, namespace, keys: 'shared' }, operatorNamespace: namespace };
}

/**
 * Secures one object of the program's own Portworx install for `cluster` (planned by `planSecureCluster` from
 * the same spec, or by {@link planIncludedCluster}); every other object comes back as given. Exactly the
 * objects cdk8s `include` gives for the same spec.
 *
 * Errors: `INCLUDE_FORM_MISMATCH` (a portworx DaemonSet for an operator cluster, or the reverse),
 * `INCLUDE_NAMESPACE_MISMATCH` (the DaemonSet or StorageCluster is not in the keys Secret's namespace), and
 * those of the spec patch (`SPEC_*`).
 * @param options `field`: the cluster's name or path, for messages @default 'object'
 */
export function secureIncludedObject(
  cluster: SecureClusterPlan,
  settings: SecuritySettings,
  object: Record<string, unknown>,
  options: FieldOptions = {},
): Record<string, unknown> {
  const field = options.field ?? 'object';
  if (cluster.form !== 'daemonset' && cluster.form !== 'operator') return object;
  const { object: secured, target } = secureSpecObject(object, settings, cluster.form, `${field}.include`);
  if (target === undefined || target.kind === 'stork' || target.kind === 'autopilot') return secured;
  const described = describeObject(object, 0);
  const wanted = target.kind === 'daemonSet' ? 'daemonset' : 'operator';
  if (wanted !== cluster.form) {
    throw new PxSecurityError({
      code: 'INCLUDE_FORM_MISMATCH',
      field: `${field}.include`,
      value: cluster.form,
      problem: `is the ${cluster.form} form, but the program installs ${described} (the ${wanted} form)`,
      fix: `declare the cluster with the spec the program installs, or include: { form: '${wanted}', namespace: ... }`,
    });
  }
  const metadata = object.metadata as { namespace?: unknown } | undefined;
  const namespace = metadata?.namespace;
  if (typeof namespace === 'string' && namespace !== '' && namespace !== cluster.keysSecret.namespace) {
    const holder = target.kind === 'daemonSet' ? 'the portworx DaemonSet' : `the ${STORAGE_CLUSTER_KIND}`;
    throw new PxSecurityError({
      code: 'INCLUDE_NAMESPACE_MISMATCH',
      field: `${field}.include.namespace`,
      value: cluster.keysSecret.namespace,
      problem: `differs from the namespace of ${described} that the program installs; ${holder} reads the keys Secret from its own namespace`,
      fix: `declare the cluster with the spec the program installs, or include: { form: '${wanted}', namespace: "${namespace}" }`,
    });
  }
  return secured;
}

/** The props without any spec: an included install is secured object by object, never as a spec. */
function withoutSpec(props: Omit<SecureClusterPlanProps, 'specObjects'>): SecureClusterPlanProps {
  const { specObjects: _ignored, ...rest } = props as SecureClusterPlanProps;
  return rest;
}
