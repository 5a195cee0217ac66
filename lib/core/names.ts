/**
 * Every Portworx string this library emits or reads, in one place.
 *
 * Each value is copied from the code that consumes it (openstorage `pkg/auth`, the Portworx operator, stork,
 * the CSI external-provisioner) or from the Portworx docs; see PORTWORX-FACTS.md. Never spell one of these
 * strings anywhere else.
 */

// ---- The keys Secret (DaemonSet installs) -------------------------------------------------------------

/** Default name of the Secret holding the three shared keys. */
export const PX_KEYS_SECRET_NAME = 'pxkeys';
/** Default namespace of the keys Secret (where the portworx DaemonSet runs). */
export const PX_KEYS_SECRET_NAMESPACE = 'kube-system';
/** Key of the node-to-node (system) key in the keys Secret. */
export const SYSTEM_SECRET_KEY = 'system-secret';
/** Key of the stork key in the keys Secret. */
export const STORK_SECRET_KEY = 'stork-secret';
/** Key of the shared secret (signs user tokens) in the keys Secret. */
export const SHARED_SECRET_KEY = 'shared-secret';

/** Environment variables from which `keysFromEnv` reads the three keys (the Portworx docs' own names). */
export const KEYS_ENV = {
  system: 'PORTWORX_AUTH_SYSTEM_KEY',
  stork: 'PORTWORX_AUTH_STORK_KEY',
  shared: 'PORTWORX_AUTH_SHARED_SECRET',
} as const;
/** Environment variable `privateKeyFromEnv` reads: the PEM of the private key that signs RS256/ES256 tokens. */
export const TOKEN_PRIVATE_KEY_ENV = 'PXSEC_TOKEN_PRIVATE_KEY';

// ---- The portworx DaemonSet ---------------------------------------------------------------------------

/** Name of the Portworx container in the DaemonSet's pod template. */
export const PORTWORX_CONTAINER_NAME = 'portworx';
/** Image repository of the Portworx container (`portworx/oci-monitor:<version>`). */
export const PORTWORX_IMAGE = 'portworx/oci-monitor';

/** Environment variables of the portworx container. */
export const PORTWORX_ENV = {
  /** Shared secret that signs user tokens (from `shared-secret`). */
  sharedSecret: 'PORTWORX_AUTH_JWT_SHAREDSECRET',
  /** Node-to-node key (from `system-secret`). */
  systemKey: 'PORTWORX_AUTH_SYSTEM_KEY',
  /** Stork key (from `stork-secret`); the DaemonSet walkthrough's name. */
  storkKey: 'PORTWORX_AUTH_STORK_KEY',
  /** The operator's name (Portworx 2.6+) for the same role as `storkKey`. */
  systemAppsKey: 'PORTWORX_AUTH_SYSTEM_APPS_KEY',
  jwtIssuer: 'PORTWORX_AUTH_JWT_ISSUER',
  oidcIssuer: 'PORTWORX_AUTH_OIDC_ISSUER',
  oidcClientId: 'PORTWORX_AUTH_OIDC_CLIENTID',
  oidcCustomNamespace: 'PORTWORX_AUTH_OIDC_CUSTOM_NAMESPACE',
  jwtRsaPubkey: 'PORTWORX_AUTH_JWT_RSA_PUBKEY',
  jwtEcdsPubkey: 'PORTWORX_AUTH_JWT_ECDS_PUBKEY',
  usernameClaim: 'PORTWORX_AUTH_USERNAME_CLAIM',
} as const;

/** Arguments of the portworx container (non-secret settings only; secrets travel as env). */
export const PORTWORX_ARGS = {
  jwtIssuer: '-jwt_issuer',
  oidcIssuer: '-oidc_issuer',
  oidcClientId: '-oidc_client_id',
  oidcCustomNamespace: '-oidc_custom_claim_namespace',
  jwtRsaPubkeyFile: '-jwt_rsa_pubkey_file',
  jwtEcdsPubkeyFile: '-jwt_ecds_pubkey_file',
  usernameClaim: '-username_claim',
} as const;
/** Name of the volume (and volumeMount) that carries a JWT public key file into the portworx container. */
export const PUBLIC_KEY_VOLUME_NAME = 'px-jwt-public-key';

// ---- Stork --------------------------------------------------------------------------------------------

/** Command of the stork container. */
export const STORK_COMMAND = '/stork';
/** Stork's env holding the stork key (must equal the portworx container's stork key). */
export const STORK_SHARED_SECRET_ENV = 'PX_SHARED_SECRET';
/** Stork's env naming the issuer of its own tokens. */
export const STORK_JWT_ISSUER_ENV = 'PX_JWT_ISSUER';
/** The only values stork accepts in `PX_JWT_ISSUER` (empty means `stork.openstorage.io`). */
export const STORK_ALLOWED_ISSUERS: readonly string[] = ['', 'stork.openstorage.io', 'apps.portworx.io', 'operator.portworx.io'];
/** The issuer Portworx ties to `PORTWORX_AUTH_STORK_KEY` (stork's default when `PX_JWT_ISSUER` is empty). */
export const STORK_ISSUER = 'stork.openstorage.io';
/** The issuer Portworx 2.6+ ties to `PORTWORX_AUTH_SYSTEM_APPS_KEY` (the operator's `SecurityPortworxAppsIssuer`). */
export const APPS_ISSUER = 'apps.portworx.io';

// ---- Autopilot ----------------------------------------------------------------------------------------

/** Command of the autopilot container. */
export const AUTOPILOT_COMMAND = '/autopilot';

// ---- Tokens -------------------------------------------------------------------------------------------

/** The claims openstorage requires as keys in every token. */
export const REQUIRED_CLAIMS = ['iss', 'sub', 'exp', 'iat', 'name', 'email'] as const;
/** Claims that may serve as the user name (`-username_claim`). */
export const USERNAME_CLAIMS = ['sub', 'email', 'name'] as const;
/** A claim that may serve as the user name. */
export type UsernameClaim = (typeof USERNAME_CLAIMS)[number];

/** Portworx's default roles. */
export const ROLES = {
  admin: 'system.admin',
  user: 'system.user',
  view: 'system.view',
  guest: 'system.guest',
} as const;
/** Group that means every resource (admin use only). */
export const ALL_GROUPS = '*';

/** Issuer the operator uses for its self-signed tokens. */
export const OPERATOR_ISSUER = 'operator.portworx.io';

/** Key under which a Secret holds a token; any other key is ignored by Portworx. */
export const TOKEN_SECRET_KEY = 'auth-token';
/** The Portworx docs' name for a Secret holding the Kubernetes user's (or a tenant's) token. */
export const K8S_USER_SECRET_NAME = 'px-k8s-user';
/** Namespace of the docs' Kubernetes user token Secret. */
export const K8S_USER_SECRET_NAMESPACE = 'portworx';
/** JWS algorithms Portworx accepts (openstorage `pkg/auth/selfsigned.go`): HS with the shared secret, RS and ES with a public key. */
export const TOKEN_ALGORITHMS = ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512'] as const;
/** Prefix openstorage-sdk-auth puts before `<name>/<email>` when it derives an absent `sub` (then base64-encodes it). */
export const DERIVED_SUB_PREFIX = 'openstorage.io/';

// ---- StorageClasses -----------------------------------------------------------------------------------

/** Provisioner of the Portworx CSI driver. */
export const CSI_PROVISIONER = 'pxd.portworx.com';
/** Provisioner of the deprecated in-tree Portworx driver. */
export const IN_TREE_PROVISIONER = 'kubernetes.io/portworx-volume';

/** In-tree StorageClass parameters (also PVC annotations) naming the token Secret. */
export const IN_TREE_AUTH_PARAMS = {
  name: 'openstorage.io/auth-secret-name',
  namespace: 'openstorage.io/auth-secret-namespace',
} as const;

/** CSI StorageClass parameters naming the token Secret, per operation. */
export const CSI_SECRET_PARAMS = {
  provisioner: {
    name: 'csi.storage.k8s.io/provisioner-secret-name',
    namespace: 'csi.storage.k8s.io/provisioner-secret-namespace',
  },
  nodePublish: {
    name: 'csi.storage.k8s.io/node-publish-secret-name',
    namespace: 'csi.storage.k8s.io/node-publish-secret-namespace',
  },
  controllerExpand: {
    name: 'csi.storage.k8s.io/controller-expand-secret-name',
    namespace: 'csi.storage.k8s.io/controller-expand-secret-namespace',
  },
} as const;

/** The CSI template that makes every tenant namespace use its own token Secret. */
export const PVC_NAMESPACE_TEMPLATE = '${pvc.namespace}';
/**
 * The other secret pairs the CSI external-provisioner reads (Portworx needs only the three above): each is
 * checked with the same pair and template rules. `default` applies to every operation without its own pair.
 */
export const CSI_OTHER_SECRET_PARAMS = {
  controllerPublish: {
    name: 'csi.storage.k8s.io/controller-publish-secret-name',
    namespace: 'csi.storage.k8s.io/controller-publish-secret-namespace',
  },
  nodeStage: {
    name: 'csi.storage.k8s.io/node-stage-secret-name',
    namespace: 'csi.storage.k8s.io/node-stage-secret-namespace',
  },
  nodeExpand: {
    name: 'csi.storage.k8s.io/node-expand-secret-name',
    namespace: 'csi.storage.k8s.io/node-expand-secret-namespace',
  },
  default: {
    name: 'csi.storage.k8s.io/secret-name',
    namespace: 'csi.storage.k8s.io/secret-namespace',
  },
} as const;
/** Deprecated spellings of CSI secret pairs the external-provisioner still reads, by operation. */
export const CSI_DEPRECATED_SECRET_PARAMS = {
  provisioner: { name: 'csiProvisionerSecretName', namespace: 'csiProvisionerSecretNamespace' },
  nodePublish: { name: 'csiNodePublishSecretName', namespace: 'csiNodePublishSecretNamespace' },
  controllerPublish: { name: 'csiControllerPublishSecretName', namespace: 'csiControllerPublishSecretNamespace' },
  nodeStage: { name: 'csiNodeStageSecretName', namespace: 'csiNodeStageSecretNamespace' },
} as const;
/** Templates the CSI external-provisioner resolves in a secret name (besides `${pvc.annotations['<key>']}`). */
export const CSI_NAME_TEMPLATES: readonly string[] = ['pv.name', 'pvc.name', 'pvc.namespace'];
/** Templates the CSI external-provisioner resolves in a secret namespace. */
export const CSI_NAMESPACE_TEMPLATES: readonly string[] = ['pv.name', 'pvc.namespace'];

/** Portworx StorageClass parameters with a typed prop. Every value is a string in the StorageClass. */
export const PORTWORX_PARAMS = {
  repl: 'repl',
  ioProfile: 'io_profile',
  priorityIo: 'priority_io',
  secure: 'secure',
  sharedv4: 'sharedv4',
  fs: 'fs',
} as const;
/** Values of the `io_profile` parameter. */
export const IO_PROFILES = ['sequential', 'random', 'db', 'db_remote', 'cms', 'sync_shared', 'auto', 'none', 'journal', 'auto_journal'] as const;
/** Values of the `priority_io` parameter. */
export const PRIORITY_IO_LEVELS = ['high', 'medium', 'low'] as const;
/** Values of the `fs` parameter. */
export const PORTWORX_FILESYSTEMS = ['xfs', 'ext4'] as const;
/** Replication factors Portworx supports (`repl`). */
export const REPL_RANGE = { min: 1, max: 3 } as const;

// ---- VolumeSnapshotClasses (the CSI external-snapshotter) ----------------------------------------------

/** API version of the CSI VolumeSnapshotClass and VolumeSnapshot. */
export const VOLUME_SNAPSHOT_API_VERSION = 'snapshot.storage.k8s.io/v1';
/** Kind of the cluster-scoped class of CSI snapshots. */
export const VOLUME_SNAPSHOT_CLASS_KIND = 'VolumeSnapshotClass';
/** Kind of a CSI snapshot of a claim. */
export const VOLUME_SNAPSHOT_KIND = 'VolumeSnapshot';
/** Prefix of the parameters the external-snapshotter reads itself; any other key with it fails every snapshot. */
export const CSI_RESERVED_PARAMETER_PREFIX = 'csi.storage.k8s.io/';
/** VolumeSnapshotClass parameters naming the token Secret: create/delete (`snapshotter`) and ListSnapshots. */
export const CSI_SNAPSHOTTER_SECRET_PARAMS = {
  snapshotter: {
    name: 'csi.storage.k8s.io/snapshotter-secret-name',
    namespace: 'csi.storage.k8s.io/snapshotter-secret-namespace',
  },
  snapshotterList: {
    name: 'csi.storage.k8s.io/snapshotter-list-secret-name',
    namespace: 'csi.storage.k8s.io/snapshotter-list-secret-namespace',
  },
} as const;
/** The snapshot template that makes every tenant namespace use its own token Secret. */
export const VOLUME_SNAPSHOT_NAMESPACE_TEMPLATE = '${volumesnapshot.namespace}';
/** Templates the external-snapshotter resolves in a secret name. */
export const CSI_SNAPSHOT_NAME_TEMPLATES: readonly string[] = ['volumesnapshotcontent.name', 'volumesnapshot.name', 'volumesnapshot.namespace'];
/** Templates the external-snapshotter resolves in a secret namespace. */
export const CSI_SNAPSHOT_NAMESPACE_TEMPLATES: readonly string[] = ['volumesnapshotcontent.name', 'volumesnapshot.namespace'];
/** Annotation (value `"true"`) that makes a VolumeSnapshotClass its driver's default. */
export const DEFAULT_SNAPSHOT_CLASS_ANNOTATION = 'snapshot.storage.kubernetes.io/is-default-class';
/** Annotation (value `"true"`) that makes a StorageClass the cluster's default. */
export const DEFAULT_STORAGE_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';

// ---- Stork and guest access -----------------------------------------------------------------------------

/** Annotation (value `"true"`) that makes stork backups and migrations skip an object (as on the operator's Secrets). */
export const STORK_SKIP_RESOURCE_ANNOTATION = 'stork.libopenstorage.org/skip-resource';
/**
 * Annotation of the keys Secret recording the declared guest access mode where it is not a spec setting (the
 * DaemonSet form, or a cluster installed by other means), so `pxsec check` reads the same declaration.
 */
export const GUEST_ACCESS_ANNOTATION = 'px-security-constructs/guest-access';
/**
 * Pod-template annotation holding a keyed digest (HMAC-SHA256, never the keys) of the keys a workload's containers
 * read from the keys Secret: new keys change the pod template, so Kubernetes rolls the pods and they read the new keys.
 */
export const KEYS_DIGEST_ANNOTATION = 'px-security-constructs/keys-digest';

// ---- The operator form --------------------------------------------------------------------------------

/** API version of the operator's StorageCluster. */
export const STORAGE_CLUSTER_API_VERSION = 'core.libopenstorage.org/v1';
/** Kind of the operator's cluster object. */
export const STORAGE_CLUSTER_KIND = 'StorageCluster';
/** Default name of the operator's shared-secret Secret (key `shared-secret`). */
export const OPERATOR_SHARED_SECRET_NAME = 'px-shared-secret';
/** Secrets the operator owns and overwrites: tenant tokens must not use these names. */
export const OPERATOR_TOKEN_SECRETS: readonly string[] = ['px-admin-token', 'px-user-token'];
/** Secret the operator creates with the system and apps keys. */
export const OPERATOR_SYSTEM_SECRETS = 'px-system-secrets';
/** Values of `spec.security.auth.guestAccess` (case-sensitive). */
export const GUEST_ACCESS_MODES = ['Enabled', 'Disabled', 'Managed'] as const;
/** A value of `spec.security.auth.guestAccess`. */
export type GuestAccess = (typeof GUEST_ACCESS_MODES)[number];

// ---- Secret delivery: Sealed Secrets and External Secrets ---------------------------------------------

/** API version of Bitnami's SealedSecret (bitnami-labs/sealed-secrets `pkg/apis/sealedsecrets/v1alpha1`). */
export const SEALED_SECRET_API_VERSION = 'bitnami.com/v1alpha1';
/** Kind of Bitnami's sealed Secret. */
export const SEALED_SECRET_KIND = 'SealedSecret';
/** Annotations that widen a SealedSecret's scope (value `"true"`); none means the strict scope. */
export const SEALED_SECRET_SCOPE_ANNOTATIONS = {
  namespaceWide: 'sealedsecrets.bitnami.com/namespace-wide',
  clusterWide: 'sealedsecrets.bitnami.com/cluster-wide',
} as const;
/** Annotations kubeseal strips before sealing: they hold a plaintext copy of the whole Secret. */
export const LAST_APPLIED_ANNOTATIONS: readonly string[] = [
  'kubectl.kubernetes.io/last-applied-configuration',
  'kubecfg.ksonnet.io/last-applied-configuration',
];
/** Default sealing cache file, next to the keystore (git-ignored: it holds the cache's HMAC key). */
export const SEAL_CACHE_DEFAULT_PATH = '.pxsec/sealed-cache.json';
/** API versions of the External Secrets Operator's ExternalSecret: v1beta1 (ESO < 0.17) and v1 (ESO >= 0.16, the default). */
export const EXTERNAL_SECRET_API_VERSIONS = ['external-secrets.io/v1beta1', 'external-secrets.io/v1'] as const;
/** An API version of the ExternalSecret. */
export type ExternalSecretApiVersion = (typeof EXTERNAL_SECRET_API_VERSIONS)[number];
/** Kind of the External Secrets Operator's secret reference. */
export const EXTERNAL_SECRET_KIND = 'ExternalSecret';

// ---- Namespaces -----------------------------------------------------------------------------------------

/**
 * Annotation (value `"true"`) on a token Secret saying its namespace already exists in the cluster (made
 * outside this bundle), so `pxsec check` does not warn that nothing creates it. The constructs write it for
 * `namespaceExists: true` (and for a `PxTenant` with `createNamespace: false`).
 */
export const NAMESPACE_EXISTS_ANNOTATION = 'px-security-constructs/namespace-exists';
/** Namespaces every Kubernetes cluster has from the start: `pxsec check` counts them as existing. */
export const BUILT_IN_NAMESPACES: readonly string[] = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];
