import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PxSecurityError } from '../../../lib/core/errors';
import { SEAL_CACHE_DEFAULT_PATH } from '../../../lib/core/names';
import { FileSealCache, MemorySealCache, SealCacheEntry } from '../../../lib/core/sealing';

const ENTRY: SealCacheEntry = {
  certificateFingerprint: 'a'.repeat(64),
  label: Buffer.from('kube-system/pxkeys'),
  namespace: 'kube-system',
  name: 'pxkeys',
  key: 'shared-secret',
  value: Buffer.from('the-shared-secret-value', 'utf8'),
};

/** A sealer that counts its calls and returns a new (fake, base64) ciphertext each time. */
function counter(): { seal: () => string; calls: () => number } {
  let calls = 0;
  return { seal: () => Buffer.from(`ciphertext-${++calls}`).toString('base64'), calls: () => calls };
}

describe('MemorySealCache', () => {
  it('returns the stored ciphertext for the same entry and seals only once', () => {
    const cache = new MemorySealCache();
    const sealer = counter();
    const first = cache.ciphertextFor(ENTRY, sealer.seal);
    expect(cache.ciphertextFor({ ...ENTRY, label: Buffer.from('kube-system/pxkeys'), value: Buffer.from('the-shared-secret-value') }, sealer.seal)).toBe(first);
    expect(sealer.calls()).toBe(1);
  });

  it.each([
    ['value', { value: Buffer.from('another-value') }],
    ['certificate', { certificateFingerprint: 'b'.repeat(64) }],
    ['scope label', { label: Buffer.from('kube-system') }],
    ['namespace', { namespace: 'portworx' }],
    ['Secret name', { name: 'px-keys-2' }],
    ['Secret key', { key: 'stork-secret' }],
  ])('seals afresh when the %s changes', (_what, change) => {
    const cache = new MemorySealCache();
    const sealer = counter();
    const first = cache.ciphertextFor(ENTRY, sealer.seal);
    expect(cache.ciphertextFor({ ...ENTRY, ...change }, sealer.seal)).not.toBe(first);
    expect(sealer.calls()).toBe(2);
  });

  it('keeps fields apart: moving bytes from one field to the next is another entry', () => {
    const cache = new MemorySealCache();
    const sealer = counter();
    cache.ciphertextFor({ ...ENTRY, namespace: 'kube-system', name: 'pxkeys' }, sealer.seal);
    cache.ciphertextFor({ ...ENTRY, namespace: 'kube-systempx', name: 'keys' }, sealer.seal);
    expect(sealer.calls()).toBe(2);
  });

  it('names entries with a key of its own: two caches give different names to the same entry', () => {
    const one = new MemorySealCache();
    const two = new MemorySealCache();
    one.ciphertextFor(ENTRY, counter().seal);
    two.ciphertextFor(ENTRY, counter().seal);
    const [idOne] = Object.keys(one.snapshot().entries);
    const [idTwo] = Object.keys(two.snapshot().entries);
    expect(idOne).toMatch(/^[0-9a-f]{64}$/);
    expect(idOne).not.toBe(idTwo);
  });

  it('round-trips through a snapshot; pruning drops entries this run did not use', () => {
    const first = new MemorySealCache();
    first.ciphertextFor(ENTRY, () => 'b25l');
    first.ciphertextFor({ ...ENTRY, key: 'stork-secret' }, () => 'dHdv');
    const snapshot = first.snapshot();
    expect(Object.keys(snapshot.entries)).toEqual(Object.keys(snapshot.entries).sort());

    const second = new MemorySealCache(JSON.parse(JSON.stringify(snapshot)));
    expect(second.ciphertextFor(ENTRY, () => 'bmV3')).toBe('b25l');
    expect(Object.values(second.snapshot().entries)).toEqual(['b25l']);
    expect(Object.values(second.snapshot({ prune: false }).entries).sort()).toEqual(['b25l', 'dHdv']);
  });

  it('rejects a malformed snapshot', () => {
    expect(() => new MemorySealCache({ version: 2, hmacKey: '', entries: {} })).toThrow(
      new PxSecurityError({
        code: 'SEAL_CACHE_INVALID',
        field: 'sealing cache',
        value: 'sealing cache snapshot',
        problem: 'has version 2, not 1',
        fix: 'delete it: it is re-created on the next run, which seals every value afresh (a one-time diff)',
      }),
    );
    expect(() => new MemorySealCache({ version: 1, hmacKey: 'c2hvcnQ=', entries: {} })).toThrow('sealing cache "sealing cache snapshot" has no 32-byte base64 hmacKey');
  });
});

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
    expect(cache.save()).toBe(true);
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
    for (const field of [Buffer.from(ENTRY.certificateFingerprint), ENTRY.label, Buffer.from(ENTRY.namespace), Buffer.from(ENTRY.name), Buffer.from(ENTRY.key), ENTRY.value]) {
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
