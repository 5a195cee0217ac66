/**
 * How a Secret holding a key or a token reaches the cluster.
 *
 * A synthesized `dist/` usually goes to a GitOps repository, and a plain Secret there hands the cluster's
 * signing keys to every reader of the repository. So each Secret the library emits can instead be:
 * - `sealed`: a Bitnami `SealedSecret`, encrypted for the cluster's controller (git holds only ciphertext);
 * - `external`: an External Secrets Operator `ExternalSecret` (git holds only a reference into a vault);
 * - `existing` (the keys Secret only): already in the cluster; nothing is emitted.
 *
 * Where the keys come from when git does not hold them: tokens are signed at synth time, so the synth still
 * needs the shared secret. With `external` or `existing` delivery of the keys Secret, pass the same keys the
 * cluster has (e.g. `keysFromEnv(process.env)` in CI, filled from the vault, or `keysFromMasterSecret`);
 * a cluster that would otherwise invent keys (the keystore default) refuses, because tokens signed with keys
 * the cluster does not have are refused by Portworx. With `external` delivery of a token Secret, the vault
 * must hold that token under the remote key (e.g. written by `pxsec token generate` in the pipeline that
 * fills the vault); only the reference is emitted.
 */
import { PxSecurityError } from '../errors/errors';

import { KubeObject, SecretObject } from '../kube/kube-object';
import { STORK_SKIP_RESOURCE_ANNOTATION } from '../names';
import { ExternalSecretApiVersion } from '../names';
import { SealCache } from '../sealing/seal-cache';
import type { SealingScope } from '../sealing/sealed-secret';
import type { SecretStoreKind } from '../sealing/external-secret';
import { loadExternalSecret, loadSealedSecret } from '../loaders/sealing';

/** A plain `v1` Secret with base64 `data` (the default). */
export interface PlainDelivery {
  readonly kind: 'plain';
}

/** A Bitnami SealedSecret, sealed as `kubeseal` does. */
export interface SealedDelivery {
  readonly kind: 'sealed';
  /** The controller's certificate, PEM (`kubeseal --fetch-cert`). */
  readonly certificatePem: string;
  /** Where the SealedSecret may be opened. @default 'strict' */
  readonly scope?: SealingScope;
  /**
   * File that keeps ciphertexts of unchanged values, so a re-synth produces no diff (git-ignored, mode 0600).
   * @default '.pxsec/sealed-cache.json'
   */
  readonly cacheFile?: string;
}

/** An External Secrets Operator ExternalSecret: git holds only the reference. */
export interface ExternalDelivery {
  readonly kind: 'external';
  /** Name of the SecretStore or ClusterSecretStore. */
  readonly storeName: string;
  /** Kind of the store. @default 'ClusterSecretStore' */
  readonly storeKind?: SecretStoreKind;
  /** Prefix of every remote key; a Secret's remote key is `<prefix>/<namespace>/<name>`. @default 'portworx' */
  readonly remoteKeyPrefix?: string;
  /** How often the operator reads the vault again (Go duration). @default '1h' */
  readonly refreshInterval?: string;
  /**
   * API version of the ExternalSecret: `external-secrets.io/v1` (ESO 0.17 and later serve only this one) or
   * `external-secrets.io/v1beta1` for an operator before 0.16.
   * @default 'external-secrets.io/v1'
   */
  readonly apiVersion?: ExternalSecretApiVersion;
}

/** The Secret already exists in the cluster: emit nothing (keys Secret only). */
export interface ExistingDelivery {
  readonly kind: 'existing';
}

/** How a Secret holding a key or a token reaches the cluster. */
export type SecretDelivery = PlainDelivery | SealedDelivery | ExternalDelivery | ExistingDelivery;

/** Options of {@link deliverSecret}. */
export interface DeliverSecretOptions {
  /** Construct path or resource name, for messages. */
  readonly field: string;
  /** The current time, epoch seconds (certificate expiry). */
  readonly now: number;
  /** Whether the Secret holds the cluster's keys (only those may be `existing`). */
  readonly holdsKeys: boolean;
  /**
   * Where sealed ciphertexts are reused from: the front door passes the cache of the delivery's `cacheFile`
   * (cdk8s `PxSealing`, a Pulumi component's own `FileSealCache`) or the user's `sealCache`, a `MemorySealCache`
   * in tests. The core never opens a file.
   * @default - no cache: every value is sealed afresh (new ciphertexts on every run)
   */
  readonly sealCache?: SealCache;
}

/** The object that delivers `secret` (undefined for `existing`). */
export function deliverSecret(secret: SecretObject, delivery: SecretDelivery, options: DeliverSecretOptions): KubeObject | undefined {
  const delivered = deliveringObject(secret, delivery, options);
  // Stork's skip annotation also goes on a SealedSecret or ExternalSecret: a copy of one in another cluster
  // would make the Secret there again (same sealing key, same secret store).
  const skip = secret.metadata.annotations?.[STORK_SKIP_RESOURCE_ANNOTATION];
  if (delivered === undefined || delivered === secret || skip === undefined) return delivered;
  return { ...delivered, metadata: { ...delivered.metadata, annotations: { ...delivered.metadata.annotations, [STORK_SKIP_RESOURCE_ANNOTATION]: skip } } };
}

function deliveringObject(secret: SecretObject, delivery: SecretDelivery, options: DeliverSecretOptions): KubeObject | undefined {
  switch (delivery.kind) {
    case 'plain':
      return secret;
    case 'existing':
      if (!options.holdsKeys) {
        throw new PxSecurityError({
          code: 'DELIVERY_EXISTING_TOKEN',
          field: `${options.field}.secretDelivery`,
          value: 'existing',
          problem: 'applies only to the keys Secret: a token Secret holds a token this library signs',
          fix: 'deliver token Secrets plain, sealed or external',
        });
      }
      return undefined;
    case 'sealed': {
      // Sealing and ExternalSecrets load when a Secret is delivered so, not with the package.
      const { sealSecret } = loadSealedSecret();
      return sealSecret(secret, {
        certificatePem: delivery.certificatePem,
        ...(delivery.scope !== undefined ? { scope: delivery.scope } : {}),
        ...(options.sealCache === undefined ? {} : { cache: options.sealCache }),
        now: options.now,
        field: `${options.field}.secretDelivery.certificatePem`,
      });
    }
    case 'external': {
      const { externalSecretFor } = loadExternalSecret();
      const prefix = delivery.remoteKeyPrefix ?? 'portworx';
      return externalSecretFor(
        {
          name: secret.metadata.name,
          namespace: secret.metadata.namespace ?? '',
          keys: Object.keys(secret.data),
          ...(secret.metadata.labels !== undefined ? { labels: secret.metadata.labels } : {}),
          ...(secret.metadata.annotations !== undefined ? { annotations: secret.metadata.annotations } : {}),
        },
        {
          storeName: delivery.storeName,
          remoteKey: `${prefix}/${secret.metadata.namespace ?? ''}/${secret.metadata.name}`,
          ...(delivery.storeKind !== undefined ? { storeKind: delivery.storeKind } : {}),
          ...(delivery.refreshInterval !== undefined ? { refreshInterval: delivery.refreshInterval } : {}),
          ...(delivery.apiVersion !== undefined ? { apiVersion: delivery.apiVersion } : {}),
        },
      );
    }
  }
}

/**
 * What delivering `secret` registers, before its values are known: the delivered object with no value in it
 * (a Secret's `data` and a SealedSecret's `spec.encryptedData` empty; an ExternalSecret holds none anyway), or
 * `undefined` for `existing`. It raises the same errors as {@link deliverSecret} (a token Secret delivered as
 * `existing`, an unusable certificate), so a front door whose values arrive later (Pulumi, where the keys are
 * Outputs) reports them when the Secret is declared, as cdk8s does.
 * @param secret the Secret with its data keys; its values are ignored
 */
export function deliveredShape(secret: SecretObject, delivery: SecretDelivery, options: DeliverSecretOptions): KubeObject | undefined {
  const empty: SecretObject = { ...secret, data: {} };
  // Sealing no value seals nothing (and stores nothing in the cache); an ExternalSecret needs the data keys.
  const delivered = deliverSecret(delivery.kind === 'sealed' ? empty : secret, delivery, options);
  return delivered?.kind === 'Secret' ? empty : delivered;
}

/** The delivery of each Secret of a cluster, as both front doors take it. */
export interface SecretDeliveryOptions {
  /**
   * How every Secret of this cluster (keys and tokens) reaches the cluster: plain, sealed or external.
   * Tenants and token Secrets may override it.
   * @default { kind: 'plain' }
   */
  readonly secretDelivery?: SecretDelivery | undefined;
  /**
   * How the keys Secret reaches the cluster; `existing` emits nothing and references the Secret already there.
   * With `external` or `existing`, `keys` must be given (the same values the cluster holds).
   * @default - secretDelivery
   */
  readonly keysSecretDelivery?: SecretDelivery | undefined;
  /**
   * `forbid` fails the synth (cdk8s) or preview (Pulumi) when a plain Secret holding a key or a token would be
   * written (for output that is committed to git, or a policy of no plaintext Secret in the cluster's API).
   * @default 'allow'
   */
  readonly secretsInGit?: 'allow' | 'forbid' | undefined;
}

/**
 * Refuses a keys Secret delivered `external` or `existing` when no keys are given: the library would invent
 * keys (keystore, RandomPassword) while the cluster reads its own from elsewhere, so Portworx would refuse every
 * token it signs. Throws `KEYS_SOURCE_REQUIRED`.
 */
export function requireKeysSource(keysDelivery: SecretDelivery, keysGiven: boolean, field: string): void {
  if (keysGiven || (keysDelivery.kind !== 'external' && keysDelivery.kind !== 'existing')) return;
  throw new PxSecurityError({
    code: 'KEYS_SOURCE_REQUIRED',
    field: `${field}.keys`,
    value: `keysSecretDelivery ${keysDelivery.kind}`,
    problem: 'is unset, so keys would be invented locally while the cluster reads its own from elsewhere; its tokens would be refused',
    fix: 'pass the keys the cluster holds, e.g. keys: keysFromEnv(process.env) or keysFromMasterSecret(...)',
  });
}

/**
 * The `SECRET_IN_GIT` error for a plain Secret holding a key or a token while `secretsInGit` is `forbid`.
 * @param secret the Secret as written
 * @param path the construct path or resource name that emits it
 */
export function plainSecretForbidden(secret: Pick<SecretObject, 'metadata'>, path: string): PxSecurityError {
  return new PxSecurityError({
    code: 'SECRET_IN_GIT',
    field: `Secret ${secret.metadata.namespace ?? ''}/${secret.metadata.name} (${path})`,
    problem: "would be written in plain text while secretsInGit is 'forbid'",
    fix: 'deliver it sealed or external (secretDelivery), or as existing for the keys Secret',
  });
}
