/**
 * Names of the in-cluster token renewer: its objects, files, labels and annotations. One home for the script,
 * the objects that run it and `pxsec check`, which recognizes the renewer's ConfigMap in a bundle.
 */

/** Name of every namespaced object of the renewer in the Portworx namespace, and of its ServiceAccount. */
export const RENEWER_NAME = 'px-token-renewer';
/** Name of the Role (and RoleBinding) that lets the renewer read the keys Secret. */
export const RENEWER_KEYS_ROLE_NAME = 'px-token-renewer-keys';
/** The file name of the script in the ConfigMap and in the container. */
export const RENEWER_SCRIPT_FILE = 'renew.js';
/** The file name of the renewer's configuration in the ConfigMap, read from beside the script. */
export const RENEWER_CONFIG_FILE = 'config.json';
/** Where the ConfigMap is mounted in the renewer's container. */
export const RENEWER_MOUNT_PATH = '/px-token-renewer';

/** The standard label saying who manages an object. */
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
/** Its value on every token Secret the renewer writes. */
export const RENEWER_MANAGER = 'px-token-renewer';
/** The label marking the renewer's ConfigMap, so `pxsec check` finds it (value `config`). */
export const RENEWER_CONFIG_LABEL = 'px-security-constructs/token-renewer';
/** Annotation of a renewed token Secret: a keyed digest (HMAC-SHA256) of the shared secret that signed it. */
export const RENEWER_KEYS_DIGEST_ANNOTATION = 'px-security-constructs/renewer-keys-digest';
/** Annotation of a renewed token Secret: a digest of the issuer, identity and lifetime it was minted with. */
export const RENEWER_TOKEN_SPEC_ANNOTATION = 'px-security-constructs/renewer-token-spec';
/** Pod-template annotation: SHA-256 of the script and its configuration, so a change is visible in the pod spec. */
export const RENEWER_SCRIPT_DIGEST_ANNOTATION = 'px-security-constructs/renewer-script-sha256';
/** The Secret the renewer reads the tokens' private key from (RS256/ES256), in the keys Secret's namespace. */
export const RENEWER_SIGNING_KEY_SECRET_NAME = 'px-token-signing-key';
/** The key of the private key's PEM in that Secret. */
export const RENEWER_SIGNING_KEY_KEY = 'private.pem';
