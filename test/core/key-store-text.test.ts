/**
 * The keystore's text with a previous key set (after `pxsec keys rotate`): read and written in a fixed order;
 * readers of the current keys ignore `previous`; a malformed `previous` is KEYSTORE_CORRUPT without its content.
 */
import { keystoreKeySetsText, keystoreText, parseKeystore, parseKeystoreKeySets } from '../../lib/core/key-store-text';
import { generateKeys } from '../../lib/core/key-sources';
import { caughtPxSecurityError } from '../support/caught';

test('round trip: current keys first, then previous; a keystore without previous reads as before', () => {
  const current = generateKeys();
  const previous = generateKeys();
  const text = keystoreKeySetsText({ current, previous });
  expect(Object.keys(JSON.parse(text) as object)).toEqual(['system-secret', 'stork-secret', 'shared-secret', 'previous']);
  expect(parseKeystoreKeySets(text, 'k.json')).toEqual({ current, previous });
  expect(parseKeystore(text, 'k.json')).toEqual(current);
  expect(keystoreText(current)).toBe(keystoreKeySetsText({ current }));
  expect(parseKeystoreKeySets(keystoreText(current), 'k.json')).toEqual({ current });
});

test('a malformed previous set is KEYSTORE_CORRUPT naming the entry, never a value', () => {
  const current = generateKeys();
  const partial = JSON.stringify({ 'system-secret': current.system, 'stork-secret': current.stork, 'shared-secret': current.shared, previous: { 'system-secret': current.system } });
  const error = caughtPxSecurityError(() => parseKeystoreKeySets(partial, 'k.json'));
  expect(error.code).toBe('KEYSTORE_CORRUPT');
  expect(error.message).toContain('has no string "previous.stork-secret"');
  expect(error.message).not.toContain(current.system);
  const notObject = JSON.stringify({ 'system-secret': current.system, 'stork-secret': current.stork, 'shared-secret': current.shared, previous: 'x' });
  expect(caughtPxSecurityError(() => parseKeystoreKeySets(notObject, 'k.json')).message).toContain('has a "previous" that is not a JSON object');
});
