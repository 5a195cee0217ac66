/**
 * The in-cluster token renewer as `pxsec check` sees it: the renewer's ConfigMap (label
 * `px-security-constructs/token-renewer: config`) lists the token Secrets the renewer mints in the cluster, which are
 * therefore not in the bundle. A class whose claims need one of them is fine; one the renewer does not serve is not.
 */
import { RENEWER_CONFIG_FILE, RENEWER_CONFIG_LABEL } from '../renewer/renewer-names';
import { isRecord, valueAt } from '../yaml/plain-json';
import { Bundle } from './bundle';

/** The token Secrets the bundle's renewers serve. */
export interface RenewerServed {
  /** How findings name the renewer, e.g. `ConfigMap kube-system/px-token-renewer`. */
  readonly name: string;
  /** True when a renewer mints the token Secret `namespace/name`. */
  serves(namespace: string, name: string): boolean;
}

/** The renewers of `bundle` (their ConfigMaps), or `undefined` when it has none. */
export function renewerServed(bundle: Bundle): RenewerServed | undefined {
  const served = new Set<string>();
  const names: string[] = [];
  for (const entry of bundle.objects) {
    const object = entry.object;
    if (object.kind !== 'ConfigMap' || valueAt(object, ['metadata', 'labels', RENEWER_CONFIG_LABEL]) !== 'config') continue;
    const text = valueAt(object, ['data', RENEWER_CONFIG_FILE]);
    let config: unknown;
    try {
      config = typeof text === 'string' ? JSON.parse(text) : undefined;
    } catch {
      config = undefined;
    }
    const tokens = isRecord(config) && Array.isArray(config.tokens) ? config.tokens : [];
    for (const token of tokens) {
      if (isRecord(token) && typeof token.namespace === 'string' && typeof token.name === 'string') served.add(`${token.namespace}/${token.name}`);
    }
    names.push(entry.name);
  }
  if (names.length === 0) return undefined;
  return { name: names.join(', '), serves: (namespace, name) => served.has(`${namespace}/${name}`) };
}

/** `" and the in-cluster renewer (ConfigMap ...) does not mint it"` when the bundle has a renewer, else `''`. */
export function unservedBy(renewer: RenewerServed | undefined): string {
  return renewer === undefined ? '' : ` and the in-cluster renewer (${renewer.name}) does not mint it`;
}
