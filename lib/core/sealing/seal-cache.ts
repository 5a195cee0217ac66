/**
 * The sealing cache: sealing is randomized, so without it every synth would produce new ciphertexts (a diff in
 * git for nothing). The cache remembers, for each sealed value, the ciphertext it got, and hands it back as
 * long as the value, the certificate, the scope label and the place (namespace, Secret name, key) are the same.
 * A change to any of them misses the cache and seals afresh.
 *
 * Entries are named by HMAC-SHA256 under a random 32-byte key kept in the cache itself, so the names cannot
 * be recomputed from public inputs (a certificate and a guessed value) without the cache. The cache holds no
 * plaintext, only that HMAC key and ciphertexts, yet it must stay private like the keystore: whoever reads it
 * can test guesses of a value against it. The file form (`lib/node/seal-cache-file.ts`) is written mode 0600
 * next to the keystore (git-ignored); an existing cache that group or others may read is refused. The place is part of the name so that two equal values never share a ciphertext in git.
 */
import * as crypto from 'node:crypto';
import { PxSecurityError } from '../errors/errors';

/** One value to seal, as the cache identifies it. */
export interface SealCacheEntry {
  /** Fingerprint of the sealing certificate (`SealingCertificate.fingerprint`). */
  readonly certificateFingerprint: string;
  /** The OAEP label of the scope (`encryptionLabel`). */
  readonly label: Buffer;
  /** Namespace of the Secret ('' when it has none). */
  readonly namespace: string;
  /** Name of the Secret. */
  readonly name: string;
  /** Key of the value in the Secret's `data`. */
  readonly key: string;
  /** The plaintext value. */
  readonly value: Buffer;
}

/** Where sealed values are reused from. */
export interface SealCache {
  /**
   * The ciphertext stored for `entry`, or else the result of `seal()`, stored for next time. Either way the
   * entry counts as used in this run (unused entries are pruned when the cache is saved).
   */
  ciphertextFor(entry: SealCacheEntry, seal: () => string): string;
}

/** The cache as plain data: the file's content, also a value a Pulumi program could keep as a secret. */
export interface SealCacheSnapshot {
  /** Format version: 1. */
  readonly version: 1;
  /** The 32-byte HMAC key, base64. */
  readonly hmacKey: string;
  /** Ciphertext (base64, as in `spec.encryptedData`) by entry HMAC (lowercase hex), keys sorted. */
  readonly entries: Readonly<Record<string, string>>;
}

/** Options of `snapshot` and `save`. */
export interface SealCacheSaveOptions {
  /**
   * Drop the entries this run did not use. Turn off when a run seals only part of what the cache serves
   * (e.g. `pxsec seal` of one file).
   * @default true
   */
  readonly prune?: boolean;
}

const HMAC_KEY_BYTES = 32;
const ENTRY_ID = /^[0-9a-f]{64}$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** A sealing cache in memory, for tests and for programs that keep the snapshot themselves. */
export class MemorySealCache implements SealCache {
  private readonly hmacKey: Buffer;
  private readonly entries: Map<string, string>;
  private readonly used = new Set<string>();

  /**
   * Starts from a previous `snapshot()` (checked like a cache file), or empty with a fresh random HMAC key.
   * @param snapshot the previous snapshot; `undefined` for an empty cache
   * @param source where the snapshot came from, for messages
   */
  constructor(snapshot?: unknown, source = 'sealing cache snapshot') {
    if (snapshot === undefined) {
      this.hmacKey = crypto.randomBytes(HMAC_KEY_BYTES);
      this.entries = new Map();
    } else {
      const checked = checkSnapshot(snapshot, source);
      this.hmacKey = Buffer.from(checked.hmacKey, 'base64');
      this.entries = new Map(Object.entries(checked.entries));
    }
  }

  /** {@inheritDoc SealCache.ciphertextFor} */
  public ciphertextFor(entry: SealCacheEntry, seal: () => string): string {
    const id = this.entryId(entry);
    this.used.add(id);
    const stored = this.entries.get(id);
    if (stored !== undefined) return stored;
    const ciphertext = seal();
    this.entries.set(id, ciphertext);
    return ciphertext;
  }

  /** The cache as plain data, entries sorted (same content, same bytes). */
  public snapshot(options: SealCacheSaveOptions = {}): SealCacheSnapshot {
    const prune = options.prune ?? true;
    const ids = [...this.entries.keys()].filter((id) => !prune || this.used.has(id)).sort();
    return {
      version: 1,
      hmacKey: this.hmacKey.toString('base64'),
      entries: Object.fromEntries(ids.map((id) => [id, this.entries.get(id) as string])),
    };
  }

  /** The name of `entry` in this cache: HMAC-SHA256 under the cache's key of its length-prefixed fields (lowercase hex). */
  public entryId(entry: SealCacheEntry): string {
    const hmac = crypto.createHmac('sha256', this.hmacKey);
    const fields = [
      Buffer.from(entry.certificateFingerprint, 'utf8'),
      entry.label,
      Buffer.from(entry.namespace, 'utf8'),
      Buffer.from(entry.name, 'utf8'),
      Buffer.from(entry.key, 'utf8'),
      entry.value,
    ];
    // Each field is length-prefixed, so no two different entries hash the same bytes.
    for (const field of fields) {
      const length = Buffer.alloc(4);
      length.writeUInt32BE(field.length);
      hmac.update(length).update(field);
    }
    return hmac.digest('hex');
  }
}

function invalidCache(source: string, problem: string): PxSecurityError {
  return new PxSecurityError({
    code: 'SEAL_CACHE_INVALID',
    field: 'sealing cache',
    value: source,
    problem,
    fix: 'delete it: it is re-created on the next run, which seals every value afresh (a one-time diff)',
  });
}

function checkSnapshot(snapshot: unknown, source: string): SealCacheSnapshot {
  if (typeof snapshot !== 'object' || snapshot === null) throw invalidCache(source, 'is not a JSON object');
  const { version, hmacKey, entries } = snapshot as Record<string, unknown>;
  if (version !== 1) throw invalidCache(source, `has version ${JSON.stringify(version)}, not 1`);
  if (typeof hmacKey !== 'string' || !BASE64.test(hmacKey) || Buffer.from(hmacKey, 'base64').length !== HMAC_KEY_BYTES) {
    throw invalidCache(source, `has no ${HMAC_KEY_BYTES}-byte base64 hmacKey`);
  }
  if (typeof entries !== 'object' || entries === null || Array.isArray(entries)) throw invalidCache(source, 'has no entries object');
  for (const [id, ciphertext] of Object.entries(entries)) {
    if (!ENTRY_ID.test(id) || typeof ciphertext !== 'string' || !BASE64.test(ciphertext)) {
      throw invalidCache(source, 'has an entry that is not a 64-hex-digit id with a base64 ciphertext');
    }
  }
  return snapshot as SealCacheSnapshot;
}

/** A cache from the text of a cache file (`source` names it in messages): `SEAL_CACHE_INVALID` when it is not one. */
export function sealCacheFromText(text: string, source: string): MemorySealCache {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalidCache(source, 'is not JSON');
  }
  return new MemorySealCache(parsed, source);
}

/** The text of a cache file holding `snapshot`: pretty JSON, entries sorted, a trailing newline. */
export function sealCacheText(snapshot: SealCacheSnapshot): string {
  return `${JSON.stringify(snapshot, null, 2)}\n`;
}
