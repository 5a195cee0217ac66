/**
 * The rules across objects, as pure functions (the constructs' model and pxsec check both call them).
 */
import { operatorOwnedTokenSecrets, sharedSubs, tokenSecretMissing, tokenSecretPlaces, TokenSecretView } from '../../lib/core/cluster/cross-object-rules';

const view = (namespace: string, name: string, sub?: string): TokenSecretView<string> => ({
  namespace,
  name,
  ...(sub !== undefined ? { sub } : {}),
  subject: `${namespace}/${name}`,
});

test('sharedSubs: every token Secret whose sub another carries, with the others; unreadable subs never match', () => {
  const secrets = [view('a', 'x', 'owner'), view('b', 'x', 'owner'), view('c', 'x', 'other'), view('d', 'x'), view('e', 'x'), view('f', 'y', 'owner')];
  expect(sharedSubs(secrets).map(({ secret, others }) => [secret.subject, others.map((other) => other.subject)])).toEqual([
    ['a/x', ['b/x', 'f/y']],
    ['b/x', ['a/x', 'f/y']],
    ['f/y', ['a/x', 'b/x']],
  ]);
});

test('operatorOwnedTokenSecrets: px-user-token and px-admin-token in the operator namespace only', () => {
  const secrets = [view('portworx', 'px-user-token'), view('portworx', 'px-admin-token'), view('tenant-a', 'px-user-token'), view('portworx', 'px-k8s-user')];
  expect(operatorOwnedTokenSecrets(secrets, 'portworx').map((secret) => secret.subject)).toEqual(['portworx/px-user-token', 'portworx/px-admin-token']);
  expect(operatorOwnedTokenSecrets(secrets, undefined)).toEqual([]);
});

test('tokenSecretMissing: by namespace and name; a Secret without namespace matches any', () => {
  expect(tokenSecretMissing({ namespace: 'a', name: 'x' }, [{ namespace: 'a', name: 'x' }])).toBe(false);
  expect(
    tokenSecretMissing({ namespace: 'a', name: 'x' }, [
      { namespace: 'b', name: 'x' },
      { namespace: 'a', name: 'y' },
    ]),
  ).toBe(true);
  expect(tokenSecretMissing({ namespace: 'a', name: 'x' }, [{ namespace: '', name: 'x' }])).toBe(false);
});

test('tokenSecretMissing over an index (tokenSecretPlaces) answers as over the list', () => {
  const secrets = [
    { namespace: 'a', name: 'x' },
    { namespace: '', name: 'y' },
    { namespace: 'b', name: 'z' },
  ];
  const places = tokenSecretPlaces(secrets);
  for (const namespace of ['a', 'b', 'c', '']) {
    for (const name of ['x', 'y', 'z', 'w']) {
      expect([namespace, name, tokenSecretMissing({ namespace, name }, places)]).toEqual([namespace, name, tokenSecretMissing({ namespace, name }, secrets)]);
    }
  }
  expect(tokenSecretMissing({ namespace: 'c', name: 'y' }, places)).toBe(false);
  expect(tokenSecretMissing({ namespace: 'c', name: 'x' }, places)).toBe(true);
});
