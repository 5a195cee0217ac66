import { SealCacheEntry } from '../../lib/core/sealing/seal-cache';

/** One value to seal, as the sealing cache tests (memory and file) identify it. */
export const ENTRY: SealCacheEntry = {
  certificateFingerprint: 'a'.repeat(64),
  label: Buffer.from('kube-system/pxkeys'),
  namespace: 'kube-system',
  name: 'pxkeys',
  key: 'shared-secret',
  value: Buffer.from('the-shared-secret-value', 'utf8'),
};
