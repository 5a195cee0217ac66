/**
 * Checks that every Portworx token Secret (`token-secrets.ts`) lands in a namespace that will exist: `kubectl apply` (and every GitOps
 * tool) refuses an object whose namespace is missing (`namespaces "portworx" not found`), so a tenant's or the
 * Kubernetes user's token never arrives, and claims fail later with a much less obvious error.
 *
 * A namespace counts as existing when the bundle creates it (a `Namespace` object), when Kubernetes always has
 * it (`default`, `kube-system`, `kube-public`, `kube-node-lease`), when the bundle's Portworx install runs in it
 * (the portworx DaemonSet, stork or the StorageCluster: that namespace is made before Portworx is installed),
 * when the audit is told so (`pxsec check --namespace-exists NAME`), or when the token Secret itself says so
 * (annotation `px-security-constructs/namespace-exists: "true"`, written by the constructs for
 * `namespaceExists: true`). Anything else is the warning `TOKEN_SECRET_NAMESPACE_UNKNOWN`: a warning, not an
 * error, because the namespace may well be made by another bundle.
 */
import { BUILT_IN_NAMESPACES, NAMESPACE_EXISTS_ANNOTATION } from '../names';
import { isRecord, valueAt } from '../yaml/plain-json';
import { BundleSecret, nameOf, namespaceOf } from './bundle-secrets';
import { AuditContext } from './context';
import { Finding, findingOn } from './finding';
import { ruleFix } from './rules';

/** Findings about token Secrets whose namespace nothing creates or declares. */
export function namespaceFindings(context: AuditContext, existingNamespaces: readonly string[]): Finding[] {
  const known = new Set<string>([...BUILT_IN_NAMESPACES, ...existingNamespaces]);
  for (const entry of context.bundle.objects) {
    if (entry.object.kind === 'Namespace' && entry.object.apiVersion === 'v1') known.add(nameOf(entry.object));
  }
  const { portworx, stork, storageCluster } = context.cluster;
  for (const entry of [portworx?.entry, stork?.entry, storageCluster]) {
    if (entry !== undefined && namespaceOf(entry.object) !== '') known.add(namespaceOf(entry.object));
  }
  const findings: Finding[] = [];
  for (const secret of context.tokenSecrets.portworx) {
    if (secret.namespace === '' || known.has(secret.namespace) || declaresNamespaceExists(secret)) continue;
    findings.push(
      findingOn(secret.entry, {
        code: 'TOKEN_SECRET_NAMESPACE_UNKNOWN',
        severity: 'warning',
        field: 'metadata.namespace',
        path: ['metadata', 'namespace'],
        message: `the token Secret goes into namespace "${secret.namespace}", which this bundle neither creates (no Namespace ${secret.namespace}) nor declares as existing; applying it fails with namespaces "${secret.namespace}" not found unless the namespace is made elsewhere first`,
        fix: ruleFix('TOKEN_SECRET_NAMESPACE_UNKNOWN'),
      }),
    );
  }
  return findings;
}

/** Whether the Secret (or, for a SealedSecret, the Secret it makes) carries the namespace-exists annotation. */
function declaresNamespaceExists(secret: BundleSecret): boolean {
  const places = [
    ['metadata', 'annotations'],
    ['spec', 'template', 'metadata', 'annotations'],
    ['spec', 'target', 'template', 'metadata', 'annotations'],
  ];
  return places.some((path) => {
    const annotations = valueAt(secret.entry.object, path);
    return isRecord(annotations) && annotations[NAMESPACE_EXISTS_ANNOTATION] === 'true';
  });
}
