/**
 * A lock file, for a file that several processes update by read-merge-write (the sealing cache: sixteen
 * `pxsec seal --cache` runs at once, or two synths of one app).
 *
 * The lock is a file beside the locked one (`FILE.lock`), created with `O_CREAT | O_EXCL` (mode 0600), which exactly
 * one process can do; it holds the owner's pid and host name. A process that finds the lock taken waits (1 ms,
 * doubling to 50 ms, with jitter) and tries again, for up to `timeoutMs`; then it fails naming the lock file.
 *
 * A lock is stale, and is broken, when its owner is a process on this host that no longer runs (it crashed or was
 * killed between taking and releasing it), or when it is older than `staleMs` (an owner on another host sharing
 * the directory). Breaking renames the lock aside and removes it only if it is still the one judged stale (same
 * inode); a lock some other process took meanwhile is put back. Release removes the lock only if it is still its
 * own. Holders keep the lock for one read-merge-write of a small file (milliseconds), so the stale age is long.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, constants, fstatSync, linkSync, lstatSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import type { PxErrorCode } from '../core/errors/error-catalogue';
import { PxSecurityError } from '../core/errors/errors';
import { errnoOf } from './atomic-file';

/** How {@link withFileLock} waits and names the lock. */
export interface FileLockOptions {
  /** The field that names the locked file in messages, e.g. `sealing cache`. */
  readonly field: string;
  /** The code of a lock held by another process for longer than `timeoutMs`. */
  readonly busyCode: PxErrorCode;
  /** The code of a lock file that cannot be created (a directory this user cannot write, a full disk). */
  readonly errorCode: PxErrorCode;
  /** How long to wait for a lock another process holds. @default 10000 */
  readonly timeoutMs?: number;
  /** Age after which a lock whose owner cannot be asked is stale. @default 30000 */
  readonly staleMs?: number;
}

/** The path of the lock file of `file`. */
export function lockPathOf(file: string): string {
  return `${file}.lock`;
}

/**
 * Runs `run` while holding the lock of `file` (see the module comment), and returns its result.
 *
 * @throws PxSecurityError `options.busyCode` when the lock cannot be taken within `timeoutMs`, `options.errorCode`
 *   when it cannot be created
 */
export function withFileLock<T>(file: string, run: () => T, options: FileLockOptions): T {
  const lock = lockPathOf(file);
  const held = acquire(lock, options);
  try {
    return run();
  } finally {
    release(lock, held);
  }
}

/** The identity of a lock file: the one this process made, or the one it judged stale. */
interface LockIdentity {
  readonly dev: number;
  readonly ino: number;
}

function acquire(lock: string, options: FileLockOptions): LockIdentity {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  let wait = 1;
  for (;;) {
    const taken = tryCreate(lock, options);
    if (taken !== undefined) return taken;
    if (breakIfStale(lock, options.staleMs ?? 30_000)) continue;
    if (Date.now() >= deadline) {
      throw new PxSecurityError({
        code: options.busyCode,
        field: options.field,
        value: lock,
        problem: `is held by another process for more than ${Math.round((options.timeoutMs ?? 10_000) / 1000)} s`,
        fix: `wait for the other pxsec or synth to finish; if none runs, remove ${lock}`,
      });
    }
    sleep(wait + Math.random() * wait);
    wait = Math.min(wait * 2, 50);
  }
}

/** Creates the lock file; `undefined` when it exists already. */
function tryCreate(lock: string, options: FileLockOptions): LockIdentity | undefined {
  let descriptor: number;
  try {
    descriptor = openSync(lock, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  } catch (error) {
    const errno = errnoOf(error);
    if (errno === 'EEXIST') return undefined;
    throw new PxSecurityError({
      code: options.errorCode,
      cause: { code: errno },
      field: options.field,
      value: lock,
      problem: `cannot be created (${errno})`,
      fix: 'use a directory you can write to, or point the file at another path',
    });
  }
  try {
    writeSync(descriptor, `${process.pid}\n${hostname()}\n`);
    const stats = fstatSync(descriptor);
    return { dev: stats.dev, ino: stats.ino };
  } catch (error) {
    removeQuietly(lock); // a lock without its owner (a full disk): not left behind for others to wait on
    throw new PxSecurityError({
      code: options.errorCode,
      cause: { code: errnoOf(error) },
      field: options.field,
      value: lock,
      problem: `cannot be written (${errnoOf(error)})`,
      fix: 'free space on that file system, or point the file at another path',
    });
  } finally {
    closeSync(descriptor);
  }
}

/** Breaks a stale lock; returns whether the lock is gone (so taking it may succeed now). */
function breakIfStale(lock: string, staleMs: number): boolean {
  let seen: LockIdentity & { readonly mtimeMs: number };
  let owner: string;
  try {
    seen = lstatSync(lock);
    owner = readFileSync(lock, 'utf8');
  } catch {
    return true; // released meanwhile
  }
  if (!isStale(owner, Date.now() - seen.mtimeMs, staleMs)) return false;
  const aside = `${lock}.${randomBytes(6).toString('hex')}.stale`;
  try {
    renameSync(lock, aside);
  } catch {
    return true; // someone else broke or released it
  }
  try {
    const moved = lstatSync(aside);
    if (moved.dev !== seen.dev || moved.ino !== seen.ino) {
      // A lock taken after the stale one went: give it back (unless yet another one exists, which then holds).
      try {
        linkSync(aside, lock);
      } catch {
        // another lock stands: it is the one in force
      }
      return false;
    }
    return true;
  } finally {
    removeQuietly(aside);
  }
}

/** A lock of a process on this host that no longer runs, or one older than `staleMs`. */
function isStale(owner: string, ageMs: number, staleMs: number): boolean {
  if (ageMs > staleMs) return true;
  const [pid, host] = owner.split('\n');
  const ownerPid = Number(pid);
  if (host !== hostname() || !Number.isSafeInteger(ownerPid) || ownerPid <= 0) return false; // not ours to ask: wait for staleMs
  try {
    process.kill(ownerPid, 0);
    return false;
  } catch (error) {
    return errnoOf(error) === 'ESRCH';
  }
}

function release(lock: string, held: LockIdentity): void {
  try {
    const stats = lstatSync(lock);
    if (stats.dev === held.dev && stats.ino === held.ino) unlinkSync(lock);
  } catch {
    // broken by another process as stale: nothing left to release
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

/** Blocks this thread for `ms` milliseconds (the callers are synchronous: a seal happens inside a synth). */
function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
