/**
 * The sealing cache as a file (default `.pxsec/sealed-cache.json`): the Node adapter's side of the cache. The
 * cache itself (entries, HMAC names, the snapshot format) is pure core (`lib/core/sealing/seal-cache.ts`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PxSecurityError } from '../core/errors';
import { SEAL_CACHE_DEFAULT_PATH } from '../core/names';
import { MemorySealCache, SealCache, SealCacheEntry, SealCacheSaveOptions, SealCacheSnapshot, sealCacheFromText, sealCacheText } from '../core/sealing/seal-cache';
import { writeFileAtomically } from './atomic-file';
import { readInputFile } from './input-file';

/**
 * A sealing cache kept in a JSON file: read by `open`, written atomically (temporary file, then rename), mode
 * 0600, and only when its content changed.
 *
 * Each new ciphertext is written through at once (nothing pruned), so a program that never calls `save` still
 * finds every ciphertext on its next run: two runs give the same bytes. `save()` after the run (after
 * `app.synth()`, see `PxSealing`) also prunes the entries this run did not use.
 *
 * Several caches may be open on one file (two Pulumi clusters in one program): a cache opened before the file
 * existed takes the HMAC key of the file another one created meanwhile (at its first use), and a write-through
 * merges the entries on disk under the same HMAC key, so no cache drops another's entries. A pruning `save()`
 * writes only this cache's used entries: call it from the one owner of the file (`PxSealing` does).
 */
export class FileSealCache implements SealCache {
  /** Opens the cache at `file`, or starts an empty one if the file does not exist yet. */
  public static open(file: string): FileSealCache {
    const text = readPrivateCache(file);
    if (text === undefined) return new FileSealCache(file, undefined, new MemorySealCache());
    return new FileSealCache(file, text, sealCacheFromText(text, file));
  }

  private constructor(
    /** Path of the cache file. */
    public readonly file: string,
    private savedText: string | undefined,
    private cache: MemorySealCache,
  ) {}

  /** Whether the HMAC key is settled: read from the file, or used (and so written) by this cache. */
  private keySettled = false;

  /** {@inheritDoc SealCache.ciphertextFor} A new ciphertext is written to the file at once (unpruned). */
  public ciphertextFor(entry: SealCacheEntry, seal: () => string): string {
    this.settleKey();
    let sealed = false;
    const ciphertext = this.cache.ciphertextFor(entry, () => {
      sealed = true;
      return seal();
    });
    if (sealed) this.save({ prune: false });
    return ciphertext;
  }

  /**
   * Writes the cache if its content changed (a new ciphertext, or an entry pruned); returns whether it wrote.
   * A cache that never existed and holds nothing is not created.
   */
  public save(options: SealCacheSaveOptions = {}): boolean {
    const snapshot = this.cache.snapshot(options);
    const onDisk = readPrivateCache(this.file);
    // Not pruning: keep the entries another cache open on this file wrote meanwhile (same HMAC key, ours win).
    const merged =
      options.prune === false && onDisk !== undefined ? sameKeyEntries(sealCacheFromText(onDisk, this.file).snapshot({ prune: false }), snapshot) : {};
    const entries = { ...merged, ...snapshot.entries };
    const text = sealCacheText({ ...snapshot, entries: Object.fromEntries(Object.keys(entries).sort().map((id) => [id, entries[id] as string])) });
    if (text === onDisk) {
      this.savedText = text;
      return false;
    }
    if (onDisk === undefined && Object.keys(entries).length === 0) return false;
    writeFileAtomically(this.file, text, { mode: 0o600, createDirectory: true, field: 'sealing cache', errorCode: 'SEAL_CACHE_UNWRITABLE' });
    this.savedText = text;
    return true;
  }

  /**
   * At first use, a cache opened before its file existed takes the file another cache created since (its HMAC
   * key and entries), so every cache of one file names entries alike; else its own fresh key stands.
   */
  private settleKey(): void {
    if (this.keySettled) return;
    this.keySettled = true;
    if (this.savedText !== undefined) return;
    const text = readPrivateCache(this.file);
    if (text === undefined) return;
    this.cache = sealCacheFromText(text, this.file);
    this.savedText = text;
  }
}

/** The entries of `disk` when it has the HMAC key of `ours` (else none: they name other entries). */
function sameKeyEntries(disk: SealCacheSnapshot, ours: SealCacheSnapshot): Readonly<Record<string, string>> {
  return disk.hmacKey === ours.hmacKey ? disk.entries : {};
}

/**
 * The sealing caches of one program part (a cdk8s App, a Pulumi cluster): one `FileSealCache` per file, opened
 * on first use, so the clusters and tenants that share it never write over each other's entries.
 */
export class SealCacheFiles {
  private readonly caches = new Map<string, FileSealCache>();

  /** The cache kept in `file` (resolved against the working directory), opened once. */
  public cacheFor(file: string = SEAL_CACHE_DEFAULT_PATH): FileSealCache {
    const resolved = path.resolve(file);
    let cache = this.caches.get(resolved);
    if (cache === undefined) {
      cache = FileSealCache.open(resolved);
      this.caches.set(resolved, cache);
    }
    return cache;
  }

  /** Saves every cache opened here (pruning entries no seal used, unless told not to); returns the files written. */
  public save(options: SealCacheSaveOptions = {}): string[] {
    return [...this.caches.values()].filter((cache) => cache.save(options)).map((cache) => cache.file);
  }
}

/**
 * The text of the cache file, or `undefined` when there is none yet. Like the keystore, a cache that group or
 * others may read is refused (`SEAL_CACHE_PERMISSIONS`): whoever reads it can test guesses of a sealed value.
 * A dangling symbolic link is refused too (writing the new cache through it would land elsewhere).
 */
function readPrivateCache(file: string): string | undefined {
  let stats: fs.Stats;
  try {
    stats = fs.statSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !isSymbolicLink(file)) return undefined;
    throw new PxSecurityError({
      code: 'SEAL_CACHE_UNREADABLE',
      field: 'sealing cache',
      value: file,
      problem: code === 'ENOENT' ? 'is a symbolic link to a file that does not exist (a dangling link)' : `cannot be read (${code ?? 'error'})`,
      fix: code === 'ENOENT' ? 'restore the file the link points to, or remove the link' : 'make the file readable by this user, or point the cache at another path',
    });
  }
  const mode = stats.mode & 0o777;
  if (stats.isFile() && (mode & 0o077) !== 0) {
    throw new PxSecurityError({
      code: 'SEAL_CACHE_PERMISSIONS',
      field: 'sealing cache',
      value: file,
      problem: `has mode 0${mode.toString(8).padStart(3, '0')}: group or others may read it and test guesses of the sealed values`,
      fix: `run "chmod 600 ${file}" (it is written 0600), or delete it to re-seal every value on the next run`,
    });
  }
  return readInputFile(file, { field: 'sealing cache', errorCode: 'SEAL_CACHE_UNREADABLE', unreadableFix: 'make the file readable by this user, or point the cache at another path' });
}

function isSymbolicLink(file: string): boolean {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}
