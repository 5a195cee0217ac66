/**
 * How the constructs put the core's plain objects into a cdk8s app.
 */
import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { KubeObject, isClusterScoped } from '../core/kube-object';

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
  return apiObject;
}
