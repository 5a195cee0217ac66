/**
 * The named list entries a secured spec must hold: env vars from the keys Secret or with a plain value, and the
 * volume and volume mount that carry a public key into the portworx container.
 */
import * as path from 'node:path';
import { describeValue } from '../errors/errors';
import { PUBLIC_KEY_VOLUME_NAME } from '../names';
import { NamedEntry } from './patch-plan';
import { deepEqual, isRecord } from '../yaml/plain-json';
import { PublicKeySettings } from '../cluster/security-settings';

/** An env var read from `key` of Secret `secretName` (a secret: its literal value is never shown). */
export function secretKeyEnv(name: string, secretName: string, key: string): NamedEntry {
  return {
    desired: { name, valueFrom: { secretKeyRef: { name: secretName, key } } },
    satisfiedBy: (existing) => {
      const valueFrom = existing.valueFrom;
      if (existing.value !== undefined || !isRecord(valueFrom) || Object.keys(valueFrom).length !== 1) return false;
      const ref = valueFrom.secretKeyRef;
      return isRecord(ref) && ref.name === secretName && ref.key === key;
    },
    describe: (entry) => `${String(entry.name)} ${describeEnvSource(entry, true)}`,
  };
}

/** The same, where an env var under one of `alternateNames` already plays the role (e.g. the stork key). */
export function secretKeyEnvWithAlternates(name: string, secretName: string, key: string, alternateNames: readonly string[]): NamedEntry {
  return { ...secretKeyEnv(name, secretName, key), alternateNames };
}

/** An env var with a plain (non-secret) value. */
export function valueEnv(name: string, value: string): NamedEntry {
  return {
    desired: { name, value },
    satisfiedBy: (existing) => existing.value === value && existing.valueFrom === undefined,
    describe: (entry) => `${String(entry.name)} ${describeEnvSource(entry, false)}`,
  };
}

/** Says where an env var's value comes from; a literal value is shown only when `secret` is false. */
function describeEnvSource(entry: Record<string, unknown>, secret: boolean): string {
  if (entry.value !== undefined) {
    if (!secret) return `= ${describeValue(entry.value)}`;
    return typeof entry.value === 'string' ? `set to a literal value (${entry.value.length} characters)` : `set to a literal ${typeof entry.value}`;
  }
  const valueFrom = entry.valueFrom;
  if (!isRecord(valueFrom)) return 'without a value';
  const secretRef = valueFrom.secretKeyRef;
  if (isRecord(secretRef)) return `from Secret ${describeName(secretRef.name)} key ${describeName(secretRef.key)}`;
  const configMapRef = valueFrom.configMapKeyRef;
  if (isRecord(configMapRef)) return `from ConfigMap ${describeName(configMapRef.name)} key ${describeName(configMapRef.key)}`;
  return `from ${Object.keys(valueFrom).join(', ') || 'nothing'}`;
}

/** The pod volume holding the public key (DaemonSet form; the mount picks the key with `subPath`). */
export function publicKeyPodVolume(publicKey: PublicKeySettings): NamedEntry {
  const source = publicKey.from.kind === 'Secret' ? { secret: { secretName: publicKey.from.name } } : { configMap: { name: publicKey.from.name } };
  return namedSubset({ name: PUBLIC_KEY_VOLUME_NAME, ...source }, (entry) => `volume ${String(entry.name)} ${describeVolumeSource(entry)}`);
}

/** The portworx container's mount of the public key file, exactly at `publicKey.path`. */
export function publicKeyMount(publicKey: PublicKeySettings): NamedEntry {
  return namedSubset(
    { name: PUBLIC_KEY_VOLUME_NAME, mountPath: publicKey.path, subPath: publicKey.from.key, readOnly: true },
    (entry) => `mount ${String(entry.name)} at ${describeValue(entry.mountPath)} (key ${describeValue(entry.subPath)})`,
  );
}

/**
 * The StorageCluster's `spec.volumes` entry for the public key (operator form): the operator's volumes have no
 * `subPath`, so the key's directory is mounted with the one file in it.
 */
export function publicKeyClusterVolume(publicKey: PublicKeySettings): NamedEntry {
  const items = [{ key: publicKey.from.key, path: path.posix.basename(publicKey.path) }];
  const source =
    publicKey.from.kind === 'Secret' ? { secret: { secretName: publicKey.from.name, items } } : { configMap: { name: publicKey.from.name, items } };
  return namedSubset(
    { name: PUBLIC_KEY_VOLUME_NAME, mountPath: path.posix.dirname(publicKey.path), readOnly: true, ...source },
    (entry) => `volume ${String(entry.name)} at ${describeValue(entry.mountPath)} ${describeVolumeSource(entry)}`,
  );
}

/** An entry satisfied by any existing entry that holds the same values for every key of `desired`. */
function namedSubset(desired: Record<string, unknown> & { name: string }, describe: (entry: Record<string, unknown>) => string): NamedEntry {
  return {
    desired,
    satisfiedBy: (existing) => Object.keys(desired).every((key) => deepEqual(existing[key], desired[key])),
    describe,
  };
}

function describeVolumeSource(entry: Record<string, unknown>): string {
  if (isRecord(entry.secret)) return `from Secret ${describeName(entry.secret.secretName)}`;
  if (isRecord(entry.configMap)) return `from ConfigMap ${describeName(entry.configMap.name)}`;
  const sources = Object.keys(entry).filter((key) => !['name', 'mountPath', 'readOnly', 'subPath'].includes(key));
  return sources.length > 0 ? `from ${sources.join(', ')}` : 'without a source';
}

function describeName(value: unknown): string {
  return typeof value === 'string' && /^[-._a-zA-Z0-9]+$/.test(value) ? value : describeValue(value);
}
