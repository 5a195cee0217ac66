/**
 * Which environment variable of the portworx container carries which of the three keys, from which key of the
 * keys Secret, and what breaks without it: the one table `pxsec patch` writes from and `pxsec check` reads by.
 */
import type { PxKeys } from './keys';
import { PORTWORX_ENV, SHARED_SECRET_KEY, STORK_SECRET_KEY, SYSTEM_SECRET_KEY } from '../names';

/** A key env entry of the portworx container. */
export interface KeyEnvBinding {
  /** The key. */
  readonly key: keyof PxKeys;
  /** The env names that carry it, the usual one first (the stork key has the operator's name too). */
  readonly names: readonly string[];
  /** The key of the keys Secret it reads. */
  readonly secretKey: string;
  /** What fails without it. */
  readonly purpose: string;
}

/** The shared secret: signs user tokens. */
export const SHARED_SECRET_ENV: KeyEnvBinding = {
  key: 'shared',
  names: [PORTWORX_ENV.sharedSecret],
  secretKey: SHARED_SECRET_KEY,
  purpose: 'user tokens signed with the shared secret cannot be verified',
};
/** The system key: node to node. */
export const SYSTEM_KEY_ENV: KeyEnvBinding = {
  key: 'system',
  names: [PORTWORX_ENV.systemKey],
  secretKey: SYSTEM_SECRET_KEY,
  purpose: 'Portworx nodes cannot authenticate to each other',
};
/** The stork key, under the DaemonSet walkthrough's name or the operator's. */
export const STORK_KEY_ENV: KeyEnvBinding = {
  key: 'stork',
  names: [PORTWORX_ENV.storkKey, PORTWORX_ENV.systemAppsKey],
  secretKey: STORK_SECRET_KEY,
  purpose: 'stork cannot authenticate to Portworx',
};

/** The three bindings, in the order the env entries are written. */
export const KEY_ENV_BINDINGS: readonly KeyEnvBinding[] = [SHARED_SECRET_ENV, SYSTEM_KEY_ENV, STORK_KEY_ENV];
