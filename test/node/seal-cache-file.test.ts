import { execFileSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SEAL_CACHE_DEFAULT_PATH } from '../../lib/core/names';

import { FileSealCache } from '../../lib/node/seal-cache-file';
import { caughtPxSecurityError } from '../support/caught';
import { ENTRY } from '../support/seal-cache-entry';

describe('FileSealCache', () => {
  let directory: string;
  let file: string;
  beforeEach(() => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'pxsec-seal-cache-'));
    file = path.join(directory, SEAL_CACHE_DEFAULT_PATH);
  });
  afterEach(() => fs.rmSync(directory, { recursive: true, force: true }));

  it('defaults to .pxsec/sealed-cache.json', () => {
    expect(SEAL_CACHE_DEFAULT_PATH).toBe('.pxsec/sealed-cache.json');
  });

  it('creates the file mode 0600 (directory 0700), atomically, with no plaintext in it', () => {
    const cache = FileSealCache.open(file);
    cache.ciphertextFor(ENTRY, () => 'Y2lwaGVy');
    expect(fs.statSync(`${file}.journal`).mode & 0o777).toBe(0o600); // written through to the journal when sealed
    expect(cache.save()).toBe(true); // folds the journal into the file
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['sealed-cache.json']);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).not.toContain('the-shared-secret-value');
    expect(text).not.toContain(ENTRY.value.toString('base64'));
    const stored = JSON.parse(text) as { version: number; hmacKey: string; entries: Record<string, string> };
    expect(stored.version).toBe(1);
    expect(Buffer.from(stored.hmacKey, 'base64')).toHaveLength(32);
    // The entry's name is HMAC-SHA256 under the stored key of the length-prefixed fields.
    const hmac = crypto.createHmac('sha256', Buffer.from(stored.hmacKey, 'base64'));
    for (const field of [
      Buffer.from(ENTRY.certificateFingerprint),
      ENTRY.label,
      Buffer.from(ENTRY.namespace),
      Buffer.from(ENTRY.name),
      Buffer.from(ENTRY.key),
      ENTRY.value,
    ]) {
      const length = Buffer.alloc(4);
      length.writeUInt32BE(field.length);
      hmac.update(length).update(field);
    }
    expect(stored.entries).toEqual({ [hmac.digest('hex')]: 'Y2lwaGVy' });
  });

  it('reuses ciphertexts across runs and writes only when something changed', () => {
    const first = FileSealCache.open(file);
    first.ciphertextFor(ENTRY, () => 'Zmlyc3Q=');
    first.save();
    const written = fs.readFileSync(file, 'utf8');
    fs.utimesSync(file, new Date('2001-01-01T00:00:00Z'), new Date('2001-01-01T00:00:00Z'));

    const second = FileSealCache.open(file);
    expect(second.ciphertextFor(ENTRY, () => 'c2Vjb25k')).toBe('Zmlyc3Q=');
    expect(second.save()).toBe(false);
    expect(fs.statSync(file).mtime.toISOString()).toBe('2001-01-01T00:00:00.000Z');

    const third = FileSealCache.open(file);
    expect(third.ciphertextFor({ ...ENTRY, value: Buffer.from('rotated') }, () => 'dGhpcmQ=')).toBe('dGhpcmQ=');
    expect(third.save()).toBe(true);
    const entries = Object.values(JSON.parse(fs.readFileSync(file, 'utf8')).entries);
    expect(entries).toEqual(['dGhpcmQ=']); // the old value's entry was not used: pruned
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).hmacKey).toBe(JSON.parse(written).hmacKey);
  });

  it('writes each new ciphertext through at once, so a run that never calls save still gives the same bytes next time', () => {
    const first = FileSealCache.open(file);
    expect(first.ciphertextFor(ENTRY, () => 'Zmlyc3Q=')).toBe('Zmlyc3Q=');
    expect(fs.existsSync(file)).toBe(true);
    const second = FileSealCache.open(file);
    expect(second.ciphertextFor(ENTRY, () => 'c2Vjb25k')).toBe('Zmlyc3Q=');
  });

  it('keeps unused entries when asked not to prune', () => {
    const first = FileSealCache.open(file);
    first.ciphertextFor(ENTRY, () => 'b25l');
    first.save();
    const second = FileSealCache.open(file);
    second.ciphertextFor({ ...ENTRY, key: 'stork-secret' }, () => 'dHdv');
    second.save({ prune: false });
    expect(Object.values(JSON.parse(fs.readFileSync(file, 'utf8')).entries).sort()).toEqual(['b25l', 'dHdv']);
  });

  it('does not create a file for a run that sealed nothing', () => {
    expect(FileSealCache.open(file).save()).toBe(false);
    expect(fs.existsSync(file)).toBe(false);
  });

  it('names a file that is not a cache and says how to recover', () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, 'not json', { mode: 0o600 });
    expect(() => FileSealCache.open(file)).toThrow(
      `sealing cache ${JSON.stringify(file)} is not JSON: delete it: it is re-created on the next run, which seals every value afresh (a one-time diff)`,
    );
  });
});

describe('FileSealCache: several caches open on one file (two Pulumi clusters in one program)', () => {
  let directory: string;
  let file: string;
  beforeEach(() => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'pxsec-seal-cache-'));
    file = path.join(directory, SEAL_CACHE_DEFAULT_PATH);
  });
  afterEach(() => fs.rmSync(directory, { recursive: true, force: true }));

  const stored = (): { hmacKey: string; entries: Record<string, string> } => JSON.parse(fs.readFileSync(file, 'utf8'));
  const other = { ...ENTRY, name: 'px-user', namespace: 'tenant-a', key: 'auth-token' };
  const third = { ...ENTRY, name: 'px-user', namespace: 'tenant-b', key: 'auth-token' };

  it("opened before the file existed: one HMAC key, and neither write-through drops the other's entries", () => {
    const east = FileSealCache.open(file);
    const west = FileSealCache.open(file);
    east.ciphertextFor(ENTRY, () => 'ZWFzdA==');
    const key = stored().hmacKey;
    west.ciphertextFor(other, () => 'd2VzdA==');
    east.ciphertextFor(third, () => 'dGhpcmQ=');
    expect(stored().hmacKey).toBe(key);
    expect(east.save({ prune: false })).toBe(true); // folds in the journal, west's line too
    expect(Object.values(stored().entries).sort()).toEqual(['ZWFzdA==', 'd2VzdA==', 'dGhpcmQ=']);
    expect(west.save({ prune: false })).toBe(false);

    // The next run: both find their ciphertexts, nothing is sealed or written again.
    const text = fs.readFileSync(file, 'utf8');
    const again = [FileSealCache.open(file), FileSealCache.open(file)];
    const fail = (): string => {
      throw new Error('sealed again');
    };
    expect(again[0]?.ciphertextFor(ENTRY, fail)).toBe('ZWFzdA==');
    expect(again[1]?.ciphertextFor(other, fail)).toBe('d2VzdA==');
    expect(again[0]?.ciphertextFor(third, fail)).toBe('dGhpcmQ=');
    expect(fs.readFileSync(file, 'utf8')).toBe(text);
  });

  it('a pruning save still writes only the entries its own run used', () => {
    const first = FileSealCache.open(file);
    first.ciphertextFor(ENTRY, () => 'b25l');
    first.ciphertextFor(other, () => 'dHdv');
    const next = FileSealCache.open(file);
    next.ciphertextFor(ENTRY, () => 'c2Vjb25k');
    expect(next.save()).toBe(true);
    expect(Object.values(stored().entries)).toEqual(['b25l']);
  });
});

describe('FileSealCache: the journal, and what is refused', () => {
  let directory: string;
  let file: string;
  beforeEach(() => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'pxsec-seal-cache-'));
    file = path.join(directory, 'sealed-cache.json');
  });
  afterEach(() => fs.rmSync(directory, { recursive: true, force: true }));

  const other = { ...ENTRY, name: 'px-user', namespace: 'tenant-a', key: 'auth-token' };
  const fail = (): string => {
    throw new Error('sealed again');
  };

  it("reads a journal another process's save removes between the stat and the read as none: the snapshot holds its entries", () => {
    const writer = FileSealCache.open(file);
    writer.ciphertextFor(ENTRY, () => 'Y2lwaGVy');
    // The race of 16 concurrent pxsec seal runs, made certain: right after a reader stats the journal, another
    // process's save folds it into the snapshot and removes it.
    const realStat = fs.statSync;
    let folded = false;
    // The module object itself (a namespace import is read-only): seal-cache-file.ts calls through it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const stat = jest.spyOn(require('node:fs') as typeof fs, 'statSync').mockImplementation(((target: fs.PathLike, options?: fs.StatSyncOptions) => {
      const stats = realStat(target, options);
      if (!folded && String(target) === `${file}.journal`) {
        folded = true;
        writer.save();
      }
      return stats;
    }) as typeof fs.statSync);
    try {
      expect(FileSealCache.open(file).ciphertextFor(ENTRY, fail)).toBe('Y2lwaGVy');
    } finally {
      stat.mockRestore();
    }
    expect(fs.existsSync(`${file}.journal`)).toBe(false);
  });

  it('skips a journal line a crash cut short (that value is sealed afresh) and ends it before the next line', () => {
    const first = FileSealCache.open(file);
    first.ciphertextFor(ENTRY, () => 'b25l');
    first.ciphertextFor(other, () => 'dHdv');
    const journal = fs.readFileSync(`${file}.journal`, 'utf8');
    fs.writeFileSync(`${file}.journal`, journal.slice(0, journal.length - 10)); // the second line loses its end
    const next = FileSealCache.open(file);
    expect(next.ciphertextFor(ENTRY, fail)).toBe('b25l');
    expect(next.ciphertextFor(other, () => 'YWZyZXNo')).toBe('YWZyZXNo');
    const last = FileSealCache.open(file);
    expect([last.ciphertextFor(ENTRY, fail), last.ciphertextFor(other, fail)]).toEqual(['b25l', 'YWZyZXNo']);
  });

  it('ignores journal lines made under another HMAC key (the cache file was deleted and made anew)', () => {
    FileSealCache.open(file).ciphertextFor(ENTRY, () => 'b2xk');
    fs.rmSync(file);
    const fresh = FileSealCache.open(file);
    expect(fresh.ciphertextFor(ENTRY, () => 'bmV3')).toBe('bmV3');
    expect(fresh.save({ prune: false })).toBe(true);
    expect(Object.values(JSON.parse(fs.readFileSync(file, 'utf8')).entries)).toEqual(['bmV3']);
    expect(fs.existsSync(`${file}.journal`)).toBe(false);
  });

  it.each([
    ['the cache', ''],
    ['its journal', '.journal'],
  ])('refuses a FIFO as %s (reading it would wait forever), as the keystore does', (_, suffix) => {
    FileSealCache.open(file).ciphertextFor(ENTRY, () => 'b25l');
    fs.rmSync(`${file}${suffix}`, { force: true });
    execFileSync('mkfifo', ['-m', '600', `${file}${suffix}`]);
    const error = caughtPxSecurityError(() => FileSealCache.open(file));
    expect(error.code).toBe('SEAL_CACHE_INVALID');
    expect(error.message).toContain(`${JSON.stringify(`${file}${suffix}`)} is a FIFO (named pipe), not a cache file: give the path of a regular file`);
  });

  it('refuses a journal that group or others may read', () => {
    FileSealCache.open(file).ciphertextFor(ENTRY, () => 'b25l');
    fs.chmodSync(`${file}.journal`, 0o644);
    expect(caughtPxSecurityError(() => FileSealCache.open(file)).code).toBe('SEAL_CACHE_PERMISSIONS');
  });

  it('leaves no lock file behind', () => {
    const cache = FileSealCache.open(file);
    cache.ciphertextFor(ENTRY, () => 'b25l');
    cache.save();
    expect(fs.readdirSync(directory)).toEqual(['sealed-cache.json']);
  });
});
