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
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PxSecurityError } from './errors';
import { KubeObject, SecretObject } from './kube-object';
import { SEAL_CACHE_DEFAULT_PATH, STORK_SKIP_RESOURCE_ANNOTATION } from './names';
import { ExternalSecretApiVersion } from './names';
import { FileSealCache, SealCache } from './sealing/seal-cache';
import { SealingScope, sealSecret } from './sealing/sealed-secret';
import { SecretStoreKind, externalSecretFor } from './sealing/external-secret';

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
  /** API version of the ExternalSecret. @default 'external-secrets.io/v1beta1' */
  readonly apiVersion?: ExternalSecretApiVersion;
}

/** The Secret already exists in the cluster: emit nothing (keys Secret only). */
export interface ExistingDelivery {
  readonly kind: 'existing';
}

/** How a Secret holding a key or a token reaches the cluster. */
export type SecretDelivery = PlainDelivery | SealedDelivery | ExternalDelivery | ExistingDelivery;

/** A SealedDelivery whose certificate is read from a PEM file. */
export function sealedDeliveryFromFile(certificateFile: string, options: Omit<SealedDelivery, 'kind' | 'certificatePem'> = {}): SealedDelivery {
  let certificatePem: string;
  try {
    certificatePem = fs.readFileSync(certificateFile, 'utf8');
  } catch (error) {
    throw new PxSecurityError({
      code: 'SEAL_CERT_UNREADABLE',
      cause: error,
      field: 'certificateFile',
      value: certificateFile,
      problem: `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      fix: 'save the controller certificate with `kubeseal --fetch-cert > cert.pem` and give its path',
    });
  }
  return { ...options, kind: 'sealed', certificatePem };
}

// One cache per file in a process, so several clusters or charts share it and none prunes another's entries.
const openCaches = new Map<string, FileSealCache>();

/** The sealing cache at `file` (resolved against the working directory), opened once per process. */
export function sealCacheAt(file: string = SEAL_CACHE_DEFAULT_PATH): FileSealCache {
  const resolved = path.resolve(file);
  let cache = openCaches.get(resolved);
  if (cache === undefined) {
    cache = FileSealCache.open(resolved);
    openCaches.set(resolved, cache);
  }
  return cache;
}

/** Options of {@link deliverSecret}. */
export interface DeliverSecretOptions {
  /** Construct path or resource name, for messages. */
  readonly field: string;
  /** The current time, epoch seconds (certificate expiry). */
  readonly now: number;
  /** Whether the Secret holds the cluster's keys (only those may be `existing`). */
  readonly holdsKeys: boolean;
  /**
   * Where sealed ciphertexts are reused from instead of the delivery's `cacheFile` (e.g. a `MemorySealCache`
   * in tests, so nothing is written to `.pxsec/`).
   * @default - the delivery's cacheFile
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
    case 'sealed':
      return sealSecret(secret, {
        certificatePem: delivery.certificatePem,
        scope: delivery.scope,
        cache: options.sealCache ?? sealCacheAt(delivery.cacheFile),
        now: options.now,
      });
    case 'external': {
      const prefix = delivery.remoteKeyPrefix ?? 'portworx';
      return externalSecretFor(
        {
          name: secret.metadata.name,
          namespace: secret.metadata.namespace ?? '',
          keys: Object.keys(secret.data),
          labels: secret.metadata.labels,
          annotations: secret.metadata.annotations,
        },
        {
          storeName: delivery.storeName,
          storeKind: delivery.storeKind,
          remoteKey: `${prefix}/${secret.metadata.namespace ?? ''}/${secret.metadata.name}`,
          refreshInterval: delivery.refreshInterval,
          apiVersion: delivery.apiVersion,
        },
      );
    }
  }
}

/** Saves every sealing cache this process opened (pruning entries no seal of this run used). */
export function saveSealCaches(): void {
  for (const cache of openCaches.values()) cache.save({ prune: true });
}
