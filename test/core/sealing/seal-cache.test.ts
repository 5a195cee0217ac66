import { PxSecurityError } from '../../../lib/core/errors/errors';
import { MemorySealCache } from '../../../lib/core/sealing/seal-cache';
import { ENTRY } from '../../support/seal-cache-entry';

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
    expect(() => new MemorySealCache({ version: 1, hmacKey: 'c2hvcnQ=', entries: {} })).toThrow(
      'sealing cache "sealing cache snapshot" has no 32-byte base64 hmacKey',
    );
  });
});
