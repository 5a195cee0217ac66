import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { lockPathOf, withFileLock } from '../../lib/node/file-lock';
import { caughtPxSecurityError } from '../support/caught';

const OPTIONS = { field: 'sealing cache', busyCode: 'SEAL_CACHE_LOCKED', errorCode: 'SEAL_CACHE_UNWRITABLE' } as const;

describe('withFileLock', () => {
  let directory: string;
  let file: string;
  beforeEach(() => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'pxsec-lock-'));
    file = path.join(directory, 'cache.json');
  });
  afterEach(() => fs.rmSync(directory, { recursive: true, force: true }));

  it('holds FILE.lock (mode 0600, owner pid and host) while it runs, and removes it after, also on a throw', () => {
    const seen = withFileLock(file, () => [fs.statSync(lockPathOf(file)).mode & 0o777, fs.readFileSync(lockPathOf(file), 'utf8')], OPTIONS);
    expect(seen).toEqual([0o600, `${process.pid}\n${os.hostname()}\n`]);
    expect(fs.existsSync(lockPathOf(file))).toBe(false);
    expect(() =>
      withFileLock(
        file,
        () => {
          throw new Error('inside');
        },
        OPTIONS,
      ),
    ).toThrow('inside');
    expect(fs.readdirSync(directory)).toEqual([]);
  });

  it('waits for a lock a running process holds, then fails naming the lock file (SEAL_CACHE_LOCKED)', () => {
    fs.writeFileSync(lockPathOf(file), `${process.pid}\n${os.hostname()}\n`, { mode: 0o600 });
    const started = Date.now();
    const error = caughtPxSecurityError(() => withFileLock(file, () => 'ran', { ...OPTIONS, timeoutMs: 200 }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    expect(error.code).toBe('SEAL_CACHE_LOCKED');
    expect(error.message).toContain(JSON.stringify(lockPathOf(file)));
    expect(fs.readFileSync(lockPathOf(file), 'utf8')).toBe(`${process.pid}\n${os.hostname()}\n`); // not broken
  });

  it('breaks the lock of a process that no longer runs', () => {
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    fs.writeFileSync(lockPathOf(file), `${gone.stdout}\n${os.hostname()}\n`, { mode: 0o600 });
    expect(withFileLock(file, () => 'ran', { ...OPTIONS, timeoutMs: 200 })).toBe('ran');
    expect(fs.readdirSync(directory)).toEqual([]);
  });

  it('breaks a lock older than staleMs whose owner cannot be asked (another host)', () => {
    fs.writeFileSync(lockPathOf(file), '4242\nanother-host\n', { mode: 0o600 });
    expect(caughtPxSecurityError(() => withFileLock(file, () => 'ran', { ...OPTIONS, timeoutMs: 100 })).code).toBe('SEAL_CACHE_LOCKED');
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(lockPathOf(file), old, old);
    expect(withFileLock(file, () => 'ran', { ...OPTIONS, timeoutMs: 100 })).toBe('ran');
  });

  it('a directory it cannot create the lock in is the errorCode with the errno', () => {
    const error = caughtPxSecurityError(() => withFileLock(path.join(directory, 'missing', 'cache.json'), () => 'ran', OPTIONS));
    expect(error.code).toBe('SEAL_CACHE_UNWRITABLE');
    expect(error.message).toContain('cannot be created (ENOENT)');
  });
});
