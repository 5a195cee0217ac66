/**
 * How the constructs put the core's plain objects into a cdk8s app.
 */
import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { KubeObject, isClusterScoped } from '../core/kube-object';
import { duplicateObjects } from '../core/unique-objects';

/** Every ApiObject the constructs emitted, for the check that they are unique across the app. */
const EMITTED = new WeakSet<ApiObject>();
/** Apps (tree roots) that already check their emitted objects. */
const CHECKED_ROOTS = new WeakSet<Construct>();

/**
 * Adds `object` as an `ApiObject`. cdk8s stamps a chart's namespace on every object; a cluster-scoped object
 * (Namespace, StorageClass, ClusterRole, ...) must not carry one, so it is removed again for those.
 */
export function emitObject(scope: Construct, id: string, object: Readonly<Record<string, unknown>>): ApiObject {
  const apiObject = new ApiObject(scope, id, object as unknown as KubeObject);
  const metadata = object.metadata as { namespace?: unknown } | undefined;
  if (Chart.of(scope).namespace !== undefined && metadata?.namespace === undefined && isClusterScoped(String(object.kind))) {
    apiObject.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  }
  EMITTED.add(apiObject);
  return apiObject;
}

/**
 * Makes the app `scope` belongs to check, once at synth, that the objects the constructs emitted are unique by
 * API group, kind, namespace and name (`OBJECT_DUPLICATE`, naming both construct paths).
 */
export function checkUniqueObjects(scope: Construct): void {
  const root = scope.node.root;
  if (CHECKED_ROOTS.has(root)) return;
  CHECKED_ROOTS.add(root);
  root.node.addValidation({
    validate: () => {
      const emitted = root.node
        .findAll()
        .filter((child): child is ApiObject => child instanceof ApiObject && EMITTED.has(child))
        .map((apiObject) => ({ object: apiObject.toJson() as Record<string, unknown>, owner: apiObject.node.scope?.node.path ?? apiObject.node.path }));
      return duplicateObjects(emitted).map(({ error }) => `[${error.code}] ${error.message}`);
    },
  });
}
