/**
 * The class kinds PX-Security gives a token: one description per kind (StorageClass, VolumeSnapshotClass) of
 * everything the core, the audit and both front doors need to know about it: its apiVersion and kind, the
 * driver field and the Portworx drivers, the secret pairs its token is written to and their per-tenant
 * template, the CSI sidecar's pair rules, its defaults, its front-door names and its stable error codes.
 *
 * The rules themselves are written once, over a description: the token reference and parameter checks
 * (`class-parameters.ts`), the CSI pair rules (`csi-secret-pairs.ts`), the cross-object token rules
 * (`security-model.ts`), guest access (`guest-access.ts`) and the front doors (`cdk8s/class-construct.ts`,
 * `pulumi/class-component.ts`). What stays per kind is its builder (`storage-class.ts`,
 * `volume-snapshot-class.ts`: the typed props and the object's own fields) and its auth checker.
 *
 * This file is data only and imports no builder, so every module above may import it without a cycle.
 */
import type { ClassParameterProblem, CsiSecretRules, SecretPair } from './csi-secret-pairs';
import type { PxErrorCode } from '../errors/error-catalogue';
import type { FieldOptions } from '../errors/field-options';
import type { KubeObject } from '../kube/kube-object';
import {
  CSI_NAME_TEMPLATES,
  CSI_NAMESPACE_TEMPLATES,
  CSI_PROVISIONER,
  CSI_SECRET_PARAMS,
  CSI_SNAPSHOT_NAME_TEMPLATES,
  CSI_SNAPSHOT_NAMESPACE_TEMPLATES,
  CSI_SNAPSHOTTER_SECRET_PARAMS,
  DEFAULT_SNAPSHOT_CLASS_ANNOTATION,
  DEFAULT_STORAGE_CLASS_ANNOTATION,
  IN_TREE_PROVISIONER,
  PVC_NAMESPACE_TEMPLATE,
  VOLUME_SNAPSHOT_API_VERSION,
  VOLUME_SNAPSHOT_CLASS_KIND,
  VOLUME_SNAPSHOT_KIND,
  VOLUME_SNAPSHOT_NAMESPACE_TEMPLATE,
} from '../names';

/** The kinds of class that name a token Secret. */
export type AuthClassKind = 'StorageClass' | 'VolumeSnapshotClass';

/** The stable codes one class kind reports its problems with (each kind keeps its own). */
export interface ClassKindCodes {
  /** A prop of the class's own fields is invalid (`reclaimPolicy`, `deletionPolicy`, ...). */
  readonly fieldInvalid: PxErrorCode;
  /** An extra parameter is invalid (an empty key, ...). */
  readonly parameterInvalid: PxErrorCode;
  /** An extra parameter is one a typed prop writes. */
  readonly parameterCollision: PxErrorCode;
  /** A parameter value is not a string. */
  readonly parameterNotString: PxErrorCode;
  /** `token` is not a token reference. */
  readonly tokenInvalid: PxErrorCode;
  /** A typed token reference holds a `$` template. */
  readonly tokenTemplate: PxErrorCode;
  /** A Portworx class names no token Secret (guest access). */
  readonly noAuth: PxErrorCode;
  /** A fixed token Secret nothing creates. */
  readonly secretMissing: PxErrorCode;
  /** A per-tenant class in an app without tenants. */
  readonly noTenant: PxErrorCode;
  /** A per-tenant class whose Secret name is not the tenants'. */
  readonly tenantSecretMissing: PxErrorCode;
}

/** Everything about one class kind. */
export interface ClassKindDescription {
  /** The object's `apiVersion`. */
  readonly apiVersion: string;
  /** The object's `kind`. */
  readonly kind: AuthClassKind;
  /** The field naming the driver: `provisioner` or `driver`. */
  readonly driverField: 'provisioner' | 'driver';
  /** The Portworx drivers of the kind (the first is the default, CSI). */
  readonly drivers: readonly string[];
  /** What a per-tenant token is per, in messages: `claim` or `snapshot`. */
  readonly consumer: 'claim' | 'snapshot';
  /** What the class makes, in messages: `volumes` or `snapshots`. */
  readonly products: 'volumes' | 'snapshots';
  /** The kind of the objects that use the class, and their field naming it. */
  readonly consumerKind: string;
  readonly consumerClassField: string;
  /** The template names of a consumer's own name and namespace (`pvc.name`, `pvc.namespace`), as the sidecar resolves them. */
  readonly consumerTemplates: { readonly name: string; readonly namespace: string };
  /** The namespace template of a per-tenant token (the consumer's own namespace). */
  readonly perTenantNamespace: string;
  /** The CSI secret pairs a typed token is written to, in the order they are written. */
  readonly secretPairs: readonly SecretPair[];
  /** The annotation marking the kind's default class. */
  readonly defaultAnnotation: string;
  /** The CSI sidecar's secret-pair rules and codes. */
  readonly csiRules: CsiSecretRules;
  /** The token a class gets without `token` (CSI). */
  readonly defaultToken: { readonly kind: 'per-tenant' };
  /** The stable codes. */
  readonly codes: ClassKindCodes;
  /** The front-door class name (cdk8s and Pulumi alike), e.g. `PxStorageClass`. */
  readonly construct: string;
  /** The suffix of the Pulumi child's name (`${name}-storage-class`); in cdk8s the construct is the object itself. */
  readonly objectId: string;
}

/** A Portworx `storage.k8s.io/v1` StorageClass (PORTWORX-FACTS.md section 6). */
export const STORAGE_CLASS_DESCRIPTION = {
  apiVersion: 'storage.k8s.io/v1',
  kind: 'StorageClass',
  driverField: 'provisioner',
  drivers: [CSI_PROVISIONER, IN_TREE_PROVISIONER],
  consumer: 'claim',
  products: 'volumes',
  consumerKind: 'PersistentVolumeClaim',
  consumerClassField: 'storageClassName',
  consumerTemplates: { name: 'pvc.name', namespace: 'pvc.namespace' },
  perTenantNamespace: PVC_NAMESPACE_TEMPLATE,
  secretPairs: [CSI_SECRET_PARAMS.provisioner, CSI_SECRET_PARAMS.nodePublish, CSI_SECRET_PARAMS.controllerExpand],
  defaultAnnotation: DEFAULT_STORAGE_CLASS_ANNOTATION,
  csiRules: {
    sidecar: 'the CSI provisioner',
    consequence: 'the CSI provisioner refuses every claim on the class',
    refusal: 'it refuses every claim on the class',
    templateAllowed: (name, side) =>
      side === 'namespace' ? CSI_NAMESPACE_TEMPLATES.includes(name) : CSI_NAME_TEMPLATES.includes(name) || /^pvc\.annotations\['[^']+'\]$/.test(name),
    allowedTemplates: {
      name: "${pv.name}, ${pvc.name}, ${pvc.namespace} or ${pvc.annotations['<key>']}",
      namespace: "${pv.name} or ${pvc.namespace} (a claim's name and annotations are up to its author, so they may not choose the namespace)",
    },
    codes: {
      pairIncomplete: 'STORAGECLASS_SECRET_PAIR_INCOMPLETE',
      templateUnknown: 'STORAGECLASS_TEMPLATE_UNKNOWN',
      referenceInvalid: 'STORAGECLASS_SECRET_REFERENCE_INVALID',
    },
  },
  defaultToken: { kind: 'per-tenant' },
  codes: {
    fieldInvalid: 'STORAGECLASS_FIELD_INVALID',
    parameterInvalid: 'STORAGECLASS_PARAMETER_INVALID',
    parameterCollision: 'STORAGECLASS_PARAMETER_COLLISION',
    parameterNotString: 'STORAGECLASS_PARAMETER_NOT_STRING',
    tokenInvalid: 'STORAGECLASS_TOKEN_INVALID',
    tokenTemplate: 'STORAGECLASS_TOKEN_TEMPLATE',
    noAuth: 'STORAGECLASS_NO_AUTH',
    secretMissing: 'STORAGECLASS_SECRET_MISSING',
    noTenant: 'STORAGECLASS_NO_TENANT',
    tenantSecretMissing: 'STORAGECLASS_TENANT_SECRET_MISSING',
  },
  construct: 'PxStorageClass',
  objectId: 'storage-class',
} as const satisfies ClassKindDescription;

/** A Portworx `snapshot.storage.k8s.io/v1` VolumeSnapshotClass (PORTWORX-FACTS.md section 10). */
export const VOLUME_SNAPSHOT_CLASS_DESCRIPTION = {
  apiVersion: VOLUME_SNAPSHOT_API_VERSION,
  kind: VOLUME_SNAPSHOT_CLASS_KIND,
  driverField: 'driver',
  drivers: [CSI_PROVISIONER],
  consumer: 'snapshot',
  products: 'snapshots',
  consumerKind: VOLUME_SNAPSHOT_KIND,
  consumerClassField: 'volumeSnapshotClassName',
  consumerTemplates: { name: 'volumesnapshot.name', namespace: 'volumesnapshot.namespace' },
  perTenantNamespace: VOLUME_SNAPSHOT_NAMESPACE_TEMPLATE,
  secretPairs: [CSI_SNAPSHOTTER_SECRET_PARAMS.snapshotter],
  defaultAnnotation: DEFAULT_SNAPSHOT_CLASS_ANNOTATION,
  csiRules: {
    sidecar: 'the CSI snapshotter',
    consequence: 'the CSI snapshotter fails every snapshot of the class',
    refusal: 'it fails every snapshot of the class',
    templateAllowed: (name, side) => (side === 'name' ? CSI_SNAPSHOT_NAME_TEMPLATES : CSI_SNAPSHOT_NAMESPACE_TEMPLATES).includes(name),
    allowedTemplates: {
      name: '${volumesnapshotcontent.name}, ${volumesnapshot.name} or ${volumesnapshot.namespace}',
      namespace: "${volumesnapshotcontent.name} or ${volumesnapshot.namespace} (a snapshot's name is up to its author, so it may not choose the namespace)",
    },
    codes: {
      pairIncomplete: 'VOLUMESNAPSHOTCLASS_SECRET_PAIR_INCOMPLETE',
      templateUnknown: 'VOLUMESNAPSHOTCLASS_TEMPLATE_UNKNOWN',
      referenceInvalid: 'VOLUMESNAPSHOTCLASS_SECRET_REFERENCE_INVALID',
    },
  },
  defaultToken: { kind: 'per-tenant' },
  codes: {
    fieldInvalid: 'VOLUMESNAPSHOTCLASS_FIELD_INVALID',
    parameterInvalid: 'VOLUMESNAPSHOTCLASS_PARAMETER_INVALID',
    parameterCollision: 'VOLUMESNAPSHOTCLASS_PARAMETER_COLLISION',
    parameterNotString: 'VOLUMESNAPSHOTCLASS_PARAMETER_NOT_STRING',
    tokenInvalid: 'VOLUMESNAPSHOTCLASS_TOKEN_INVALID',
    tokenTemplate: 'VOLUMESNAPSHOTCLASS_TOKEN_TEMPLATE',
    noAuth: 'VOLUMESNAPSHOTCLASS_NO_AUTH',
    secretMissing: 'VOLUMESNAPSHOTCLASS_SECRET_MISSING',
    noTenant: 'VOLUMESNAPSHOTCLASS_NO_TENANT',
    tenantSecretMissing: 'VOLUMESNAPSHOTCLASS_TENANT_SECRET_MISSING',
  },
  construct: 'PxVolumeSnapshotClass',
  objectId: 'volume-snapshot-class',
} as const satisfies ClassKindDescription;

/** Every class kind, by its `kind`. */
export const CLASS_KINDS: Readonly<Record<AuthClassKind, ClassKindDescription>> = {
  StorageClass: STORAGE_CLASS_DESCRIPTION,
  VolumeSnapshotClass: VOLUME_SNAPSHOT_CLASS_DESCRIPTION,
};

/**
 * A class kind's own code: its description, the function that builds the object from the typed props, the
 * token Secrets those props need, and the checker of any class's auth parameters (hand-written ones too).
 * Each kind's module exports one (`STORAGE_CLASS_RULES`, `VOLUME_SNAPSHOT_CLASS_RULES`); the front doors and
 * the audit take it.
 */
export interface ClassKindRules<Props, Built extends KubeObject> {
  readonly description: ClassKindDescription;
  /** Builds the object; throws `PxSecurityError` on the first bad prop. */
  build(props: Props, options: FieldOptions): Built;
  /** The token Secrets the class needs (`undefined`: none). */
  requiredToken(props: Props): RequiredTokenSecret | undefined;
  /** Every problem of a class's parameters under `driver` (the kind's `noAuth` code among them when it names no token). */
  checkAuthParameters(driver: string, parameters: Readonly<Record<string, unknown>>): ClassParameterProblem[];
}

/** Which token Secret a StorageClass's volumes (or a VolumeSnapshotClass's snapshots) are created with. */
export type TokenReference =
  | {
      /** The Secret in each claim's own namespace (`${pvc.namespace}`): one token per tenant. CSI only. */
      readonly kind: 'per-tenant';
      /**
       * Name of the token Secret in every tenant namespace.
       * @default 'px-k8s-user'
       */
      readonly secretName?: string;
    }
  | {
      /** One Secret for every claim, e.g. the docs' `portworx/px-k8s-user`. */
      readonly kind: 'fixed';
      /** Name of the token Secret. */
      readonly secretName: string;
      /** Namespace of the token Secret. */
      readonly namespace: string;
    }
  | {
      /** No token: Portworx creates the volumes as the guest user (refused when guest access is disabled). */
      readonly kind: 'none';
    };

/** The token Secrets a StorageClass needs: one per tenant namespace, or one fixed Secret. */
export type RequiredTokenSecret =
  { readonly kind: 'per-tenant'; readonly secretName: string } | { readonly kind: 'fixed'; readonly secretName: string; readonly namespace: string };
