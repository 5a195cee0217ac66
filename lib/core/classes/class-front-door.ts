/**
 * The body every class front door shares (cdk8s construct and Pulumi component, any class kind): the props
 * split into the class's own and the front door's (`cluster`, `tokenSecretExternal`), the object built with
 * the construct path in its messages, and the class's entry in the cluster's security model.
 */
import type { ClassKindRules } from './class-kinds';
import type { KubeObject } from '../kube/kube-object';
import type { ModelStorageClass } from '../cluster/security-model';

/** What a front door adds to a class kind's props. */
export interface ClassFrontDoorProps {
  /** The secured cluster (checked by the front door before the class is built). */
  readonly cluster: unknown;
  /**
   * The fixed token Secret is created outside this app or program: do not report it as missing.
   * @default false
   */
  readonly tokenSecretExternal?: boolean;
}

/** A class built for a front door: the object, and what the cluster's model records of it. */
export interface FrontDoorClass<Built extends KubeObject> {
  readonly object: Built;
  readonly entry: ModelStorageClass;
}

/**
 * Builds the class of `props` (a kind's props and the front door's) at `field`.
 * @throws PxSecurityError on the first bad prop, with the kind's code
 */
export function buildFrontDoorClass<Props, Built extends KubeObject>(
  rules: ClassKindRules<Props, Built>,
  props: Props & ClassFrontDoorProps,
  field: string,
): FrontDoorClass<Built> {
  // The kind's rules read their own props only, so `cluster` and `tokenSecretExternal` stay in (copying the props
  // without them costs more than building the class).
  const object = rules.build(props, { field });
  const token = rules.requiredToken(props);
  const tokenSecretExternal = props.tokenSecretExternal ?? false;
  const { kind } = rules.description;
  const name = object.metadata.name;
  const entry: ModelStorageClass = token !== undefined ? { kind, field, name, token, tokenSecretExternal } : { kind, field, name, tokenSecretExternal };
  return { object, entry };
}
