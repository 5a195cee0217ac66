/**
 * The sealing cache as a file (default `.pxsec/sealed-cache.json`): the Node adapter's side of the cache. The
 * cache itself (entries, HMAC names, the snapshot format) is pure core (`lib/core/sealing/seal-cache.ts`).
 *
 * On disk a cache is two files: the snapshot (`FILE`, pretty JSON, entries sorted: what `save` writes) and a
 * journal of the ciphertexts sealed since (`FILE.journal`, one JSON line per new ciphertext, appended). Each new
 * ciphertext costs one appended line, never a rewrite of the whole file, so sealing n values writes O(n) bytes;
 * `save` folds the journal into the snapshot and removes it. Both are mode 0600 and refused when group or others
 * may read them, when they are symbolic links to nothing, or when they are not regular files (a FIFO would hang
 * the reader).
 *
 * Several processes may use one cache at once (sixteen `pxsec seal --cache` runs, two synths): every write (the
 * first snapshot, a journal line, a save's read-merge-write) happens under the lock file `FILE.lock`
 * (`lib/node/file-lock.ts`), and the snapshot that settles the HMAC key is created under it too, so every process
 * names entries alike and no save drops an entry another process appended. Readers take no lock: they read the
 * journal before the snapshot, and a save writes the new snapshot before it removes the journal, so a reader
 * always sees every entry (the journal's lines name the key they were made under; lines of another key, or a line
 * a crash cut short, are skipped: that value is sealed afresh).
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PxSecurityError } from '../core/errors/errors';
import { SEAL_CACHE_DEFAULT_PATH } from '../core/names';
import {
  MemorySealCache,
  SealCache,
  SealCacheEntry,
  SealCacheSaveOptions,
  SealCacheSnapshot,
  sealCacheFromText,
  sealCacheText,
} from '../core/sealing/seal-cache';
import { errnoOf, writeFileAtomically } from './atomic-file';
import { FileLockOptions, withFileLock } from './file-lock';
import { readInputFile } from './input-file';

/** The lock of a cache file: held for one append or one read-merge-write. */
const LOCK: FileLockOptions = { field: 'sealing cache', busyCode: 'SEAL_CACHE_LOCKED', errorCode: 'SEAL_CACHE_UNWRITABLE' };

/** The journal of the cache kept in `file`. */
function sealCacheJournalPath(file: string): string {
  return `${file}.journal`;
}

/**
 * A sealing cache kept in a file (see the module comment): read by `open`, each new ciphertext appended to its
 * journal at once (nothing pruned), folded into the snapshot by `save`.
 *
 * A program that never calls `save` (Pulumi) still finds every ciphertext on its next run: two runs give the same
 * bytes. `save()` after the run (after `app.synth()`, see `PxSealing`) also prunes the entries this run did not
 * use; `save({ prune: false })` (`pxsec seal`) keeps the entries of other runs and other processes.
 *
 * Several caches may be open on one file (two Pulumi clusters in one program, or several processes): a cache
 * opened before the file existed takes the HMAC key of the file another one created meanwhile (at its first use),
 * and a non-pruning save merges the entries on disk under the same HMAC key, so no cache drops another's entries.
 * A pruning `save()` writes only this cache's used entries: call it from the one owner of the file (`PxSealing`
 * does).
 */
export class FileSealCache implements SealCache {
  /** Opens the cache at `file`, or starts an empty one if the file does not exist yet. */
  public static open(file: string): FileSealCache {
    const disk = readCacheState(file);
    if (disk === undefined) return new FileSealCache(file, new MemorySealCache(), false);
    return new FileSealCache(file, new MemorySealCache(disk.snapshot, file), true);
  }

  /** The tag of this cache's HMAC key in journal lines, once the key is settled. */
  private keyTag: string | undefined;

  private constructor(
    /** Path of the cache file. */
    public readonly file: string,
    private cache: MemorySealCache,
    /** Whether the HMAC key is settled: read from the file, or written to it by this cache. */
    private keySettled: boolean,
  ) {}

  /** {@inheritDoc SealCache.ciphertextFor} A new ciphertext is appended to the journal at once. */
  public ciphertextFor(entry: SealCacheEntry, seal: () => string): string {
    this.settleKey();
    let sealed = false;
    const ciphertext = this.cache.ciphertextFor(entry, () => {
      sealed = true;
      return seal();
    });
    if (sealed) this.appendToJournal(this.cache.entryId(entry), ciphertext);
    return ciphertext;
  }

  /**
   * Writes the snapshot if its content changed (new ciphertexts in the journal, or an entry pruned) and removes
   * the journal; returns whether it wrote. A cache that never existed and holds nothing is not created.
   */
  public save(options: SealCacheSaveOptions = {}): boolean {
    const snapshot = this.cache.snapshot(options);
    // A look without the lock first, so that a run with nothing to save writes nothing (not even a lock).
    if (compactedText(snapshot, options, readCacheState(this.file)) === undefined) return false;
    createDirectory(this.file);
    return withFileLock(
      this.file,
      () => {
        const text = compactedText(snapshot, options, readCacheState(this.file));
        if (text === undefined) return false;
        writeFileAtomically(this.file, text, { mode: 0o600, field: 'sealing cache', errorCode: 'SEAL_CACHE_UNWRITABLE' });
        removeJournal(this.file);
        return true;
      },
      LOCK,
    );
  }

  /**
   * At first use, a cache opened before its file existed takes the file another cache created since (its HMAC
   * key and entries), or else creates the file with its own fresh key, under the lock: every cache of one file
   * names entries alike.
   */
  private settleKey(): void {
    if (!this.keySettled) {
      createDirectory(this.file);
      withFileLock(
        this.file,
        () => {
          const disk = readCacheState(this.file);
          if (disk !== undefined) {
            this.cache = new MemorySealCache(disk.snapshot, this.file);
            return;
          }
          writeFileAtomically(this.file, sealCacheText(this.cache.snapshot({ prune: false })), {
            mode: 0o600,
            field: 'sealing cache',
            errorCode: 'SEAL_CACHE_UNWRITABLE',
          });
        },
        LOCK,
      );
      this.keySettled = true;
    }
    this.keyTag ??= keyTagOf(this.cache.snapshot({ prune: true }).hmacKey);
  }

  private appendToJournal(id: string, ciphertext: string): void {
    const line = `${JSON.stringify({ key: this.keyTag, id, ciphertext })}\n`;
    withFileLock(this.file, () => appendLine(sealCacheJournalPath(this.file), line), LOCK);
  }
}

/** The cache file as read: its text, its snapshot with the journal's entries added, and whether a journal exists. */
interface CacheState {
  readonly text: string;
  readonly snapshot: SealCacheSnapshot;
  readonly journal: boolean;
}

/** The cache at `file` with its journal, or `undefined` when there is no cache file (a journal alone is ignored). */
function readCacheState(file: string): CacheState | undefined {
  const journalPath = sealCacheJournalPath(file);
  // The journal first: a save writes the snapshot before it removes the journal (see the module comment).
  const journal = readPrivateFile(journalPath, 'sealing cache journal');
  const text = readPrivateFile(file, 'sealing cache');
  if (text === undefined) return undefined;
  const snapshot = sealCacheFromText(text, file).snapshot({ prune: false });
  const entries = { ...snapshot.entries, ...journalEntries(journal ?? '', keyTagOf(snapshot.hmacKey)) };
  return { text, snapshot: { ...snapshot, entries }, journal: journal !== undefined };
}

/** The snapshot text a save writes, or `undefined` when the file holds it already and no journal is left. */
function compactedText(snapshot: SealCacheSnapshot, options: SealCacheSaveOptions, disk: CacheState | undefined): string | undefined {
  // Not pruning: keep the entries on disk (other caches, other processes) under the same HMAC key; ours win.
  const merged = options.prune === false && disk !== undefined && disk.snapshot.hmacKey === snapshot.hmacKey ? disk.snapshot.entries : {};
  const entries: Record<string, string> = { ...merged, ...snapshot.entries };
  if (disk === undefined && Object.keys(entries).length === 0) return undefined;
  const text = sealCacheText({
    ...snapshot,
    entries: Object.fromEntries(
      Object.keys(entries)
        .sort()
        .map((id) => [id, entries[id] as string]),
    ),
  });
  return disk !== undefined && text === disk.text && !disk.journal ? undefined : text;
}

const ENTRY_ID = /^[0-9a-f]{64}$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The entries of the journal's lines made under the key tagged `keyTag`; other lines are skipped. */
function journalEntries(journal: string, keyTag: string): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const line of journal.split('\n')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      continue; // empty, or cut short by a crash
    }
    const { key, id, ciphertext } = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
    if (key === keyTag && typeof id === 'string' && ENTRY_ID.test(id) && typeof ciphertext === 'string' && BASE64.test(ciphertext)) entries[id] = ciphertext;
  }
  return entries;
}

/** A short public tag of an HMAC key (its SHA-256, first 16 hex digits): which key a journal line was made under. */
function keyTagOf(hmacKey: string): string {
  return crypto.createHash('sha256').update(hmacKey, 'utf8').digest('hex').slice(0, 16);
}

/**
 * Appends `line` to the journal (created 0600); a last line a crash cut short is ended first. A write that fails
 * (a full disk) leaves the journal as it was (cut back to its size; removed when that was nothing).
 */
function appendLine(journal: string, line: string): void {
  let descriptor: number;
  try {
    descriptor = fs.openSync(journal, fs.constants.O_RDWR | fs.constants.O_APPEND | fs.constants.O_CREAT | fs.constants.O_NOFOLLOW, 0o600);
  } catch (error) {
    throw journalUnwritable(journal, errnoOf(error));
  }
  let size: number | undefined;
  try {
    const stats = fs.fstatSync(descriptor);
    refuseUnsafe(journal, 'sealing cache journal', stats);
    size = stats.size;
    let text = line;
    if (stats.size > 0) {
      const last = Buffer.alloc(1);
      fs.readSync(descriptor, last, 0, 1, stats.size - 1);
      if (last[0] !== 0x0a) text = `\n${line}`;
    }
    const bytes = Buffer.from(text, 'utf8');
    for (let offset = 0; offset < bytes.length;) {
      const written = fs.writeSync(descriptor, bytes, offset, bytes.length - offset);
      if (written <= 0) throw Object.assign(new Error('no progress writing'), { code: 'ENOSPC' });
      offset += written;
    }
  } catch (error) {
    if (error instanceof PxSecurityError) throw error;
    if (size !== undefined) restoreJournal(journal, descriptor, size);
    throw journalUnwritable(journal, errnoOf(error));
  } finally {
    fs.closeSync(descriptor);
  }
}

/** Cuts the journal back to `size` after a failed append (under the lock, so no other line is lost). */
function restoreJournal(journal: string, descriptor: number, size: number): void {
  try {
    if (size === 0) fs.unlinkSync(journal);
    else fs.ftruncateSync(descriptor, size);
  } catch {
    // a torn last line is skipped by every reader
  }
}

function journalUnwritable(journal: string, errno: string): PxSecurityError {
  return new PxSecurityError({
    code: 'SEAL_CACHE_UNWRITABLE',
    cause: { code: errno },
    field: 'sealing cache journal',
    value: journal,
    problem: errno === 'ELOOP' ? 'is a symbolic link; pxsec does not write through links' : `cannot be written (${errno})`,
    fix: errno === 'ELOOP' ? 'remove the link' : 'use a writable directory with free space, or point the cache at another path',
  });
}

function removeJournal(file: string): void {
  try {
    fs.unlinkSync(sealCacheJournalPath(file));
  } catch (error) {
    if (errnoOf(error) !== 'ENOENT') throw journalUnwritable(sealCacheJournalPath(file), errnoOf(error));
  }
}

/** The cache's directory, created mode 0700 when missing. */
function createDirectory(file: string): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  } catch (error) {
    const errno = errnoOf(error) === 'EEXIST' ? 'ENOTDIR' : errnoOf(error); // something else stands where the directory belongs
    throw new PxSecurityError({
      code: 'SEAL_CACHE_UNWRITABLE',
      cause: { code: errno },
      field: 'sealing cache',
      value: file,
      problem: `cannot be written (${errno}): its directory cannot be created`,
      fix: 'give a path in a directory you can write to; nothing was changed',
    });
  }
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
 * The text of a cache file or journal, or `undefined` when there is none yet. Like the keystore, a cache that group
 * or others may read is refused (`SEAL_CACHE_PERMISSIONS`): whoever reads it can test guesses of a sealed value. A
 * dangling symbolic link is refused too (writing the new cache through it would land elsewhere), and so is
 * anything but a regular file (`SEAL_CACHE_INVALID`: reading a FIFO would wait for a writer forever).
 */
function readPrivateFile(file: string, field: string): string | undefined {
  let stats: fs.Stats;
  try {
    stats = fs.statSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !isSymbolicLink(file)) return undefined;
    throw new PxSecurityError({
      code: 'SEAL_CACHE_UNREADABLE',
      field,
      value: file,
      problem: code === 'ENOENT' ? 'is a symbolic link to a file that does not exist (a dangling link)' : `cannot be read (${code ?? 'error'})`,
      fix:
        code === 'ENOENT'
          ? 'restore the file the link points to, or remove the link'
          : 'make the file readable by this user, or point the cache at another path',
    });
  }
  refuseUnsafe(file, field, stats);
  try {
    return readInputFile(file, {
      field,
      errorCode: 'SEAL_CACHE_UNREADABLE',
      unreadableFix: 'make the file readable by this user, or point the cache at another path',
    });
  } catch (error) {
    // Gone between the stat and the read: a save of another process folded the journal into the snapshot and
    // removed it (readers take no lock). It reads as no journal; the snapshot, read after it, holds its entries.
    if (error instanceof PxSecurityError && error.cause?.code === 'ENOENT') return undefined;
    throw error;
  }
}

/** A cache file or journal that is not a regular file, or that group or others may read, is refused. */
function refuseUnsafe(file: string, field: string, stats: fs.Stats): void {
  if (!stats.isFile()) {
    throw new PxSecurityError({
      code: 'SEAL_CACHE_INVALID',
      field,
      value: file,
      problem: `is ${stats.isFIFO() ? 'a FIFO (named pipe)' : stats.isDirectory() ? 'a directory' : 'not a regular file'}, not a cache file`,
      fix: 'give the path of a regular file, or a path where none exists yet to create one',
    });
  }
  const mode = stats.mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new PxSecurityError({
      code: 'SEAL_CACHE_PERMISSIONS',
      field,
      value: file,
      problem: `has mode 0${mode.toString(8).padStart(3, '0')}: group or others may read it and test guesses of the sealed values`,
      fix: `run "chmod 600 ${file}" (it is written 0600), or delete it to re-seal every value on the next run`,
    });
  }
}

function isSymbolicLink(file: string): boolean {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}
