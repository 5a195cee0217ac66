/**
 * The renewer's script, loaded as a module (as `require` would load it, without running it as the main module),
 * so tests call the very functions the CronJob runs.
 */
import { RENEWER_SCRIPT } from '../../lib/core/renewer/script';

/** A Secret as the Kubernetes API returns it. */
export interface ApiSecret {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    resourceVersion?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  type?: string;
  data?: Record<string, string>;
}

/** An identity as `config.json` holds it. */
export interface ScriptIdentity {
  email: string;
  groups: string[];
  name: string;
  roles: string[];
  sub: string;
}

/** The script's signing key: the shared secret (HS256), or a parsed private key (RS256, ES256). */
export type ScriptSigningKey = string | { algorithm: 'RS256' | 'ES256'; privateKey: import('node:crypto').KeyObject };

/** What the script exports when loaded as a module. */
export interface RenewerScript {
  mintToken(identity: ScriptIdentity, issuer: string, key: ScriptSigningKey, issuedAt: number, expiresAt: number): string;
  keysDigest(key: ScriptSigningKey): string;
  tokenSpecDigest(entry: { identity: ScriptIdentity }, config: { issuer: string; tokenLifetimeSeconds: number }): string;
  tokenExpiry(token: unknown): number | undefined;
  decide(
    secret: ApiSecret | undefined,
    want: { keysDigest: string; specDigest: string },
    now: number,
    renewBeforeSeconds: number,
  ): { action: 'create' | 'update' | 'keep'; reason: string };
  desiredSecret(
    existing: ApiSecret | undefined,
    entry: { namespace: string; name: string; identity: ScriptIdentity; labels?: Record<string, string> },
    config: { storkSkipResource: boolean },
    token: string,
    want: { keysDigest: string; specDigest: string },
  ): ApiSecret;
}

/** Loads `scriptText` (by default the library's script) as a CommonJS module and returns its exports. */
export function loadRenewerScript(scriptText: string = RENEWER_SCRIPT): RenewerScript {
  const module = { exports: {} as unknown };
  // The script's own `require.main === module` test is false here, so it exports instead of running.
  const load = new Function('require', 'module', '__dirname', scriptText) as (req: NodeRequire, mod: typeof module, dir: string) => void;
  load(require, module, '/nonexistent');
  return module.exports as RenewerScript;
}
