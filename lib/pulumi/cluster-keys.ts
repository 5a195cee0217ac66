/**
 * A cluster's three shared keys in a Pulumi program: by default three `RandomPassword`s, generated once and
 * then kept in the stack's state; or values the program provides (from `pulumi config --secret`, a vault
 * provider, another stack).
 */
import * as pulumi from '@pulumi/pulumi';
import { PxSecurityError, isPxSecurityError } from '../core/errors/errors';
import { KeyPolicyOptions, PxKeys, validateKeys } from '../core/keys/keys';
import { SHARED_SECRET_KEY, STORK_SECRET_KEY, SYSTEM_SECRET_KEY } from '../core/names';
import { ClusterVerdict } from './cluster-verdict';
import { loadRandom } from './loaders/random';
import { PxValidationError } from './validation-error';

/** The three keys as Pulumi inputs. Secret: give them as secrets (`config.requireSecret`) where you can. */
export interface PxKeyInputs {
  /** `system-secret`: signs node-to-node tokens. */
  readonly system: pulumi.Input<string>;
  /** `stork-secret`: shared between Portworx and stork. */
  readonly stork: pulumi.Input<string>;
  /** `shared-secret`: signs every user and tenant token. */
  readonly shared: pulumi.Input<string>;
}

/** Length of a generated key, as the Portworx docs make them (`base64 | fold -w 64`). */
const GENERATED_KEY_LENGTH = 64;
/** Besides letters and digits, the two characters of the base64 alphabet the docs' keys are made of. */
const GENERATED_KEY_SPECIALS = '+/';

/**
 * The cluster's keys as one Pulumi secret, checked (long, distinct, no placeholders, not `TEST_KEYS` outside
 * test mode) when they are known.
 * Keys given as plain strings are checked at once, so a bad one fails the constructor as it does in cdk8s.
 * Keys that arrive later (Outputs, RandomPasswords) are checked when known: a problem goes to `verdict` once
 * (`KEYS_WEAK`, `KEYS_NOT_DISTINCT`, or `KEYS_UNRESOLVED` for a key that resolved to no value, as a
 * RandomPassword does under test mocks that echo inputs), and the keys Output then never resolves, so nothing
 * signed with them is registered and nothing else rejects.
 *
 * @param name the cluster's name; generated keys are the RandomPasswords `${name}-system-secret`,
 *   `${name}-stork-secret` and `${name}-shared-secret`
 * @param policy `field`: the cluster's name as messages show it; `allowTestKeys`: accept `TEST_KEYS` (under
 *   `PxTesting.pulumiMocks()` only)
 */
export function clusterKeys(
  name: string,
  keys: PxKeyInputs | undefined,
  cluster: pulumi.Resource,
  policy: KeyPolicyOptions & { readonly field: string },
  verdict: ClusterVerdict,
): pulumi.Output<PxKeys> {
  const field = policy.field;
  const allowTestKeys = policy.allowTestKeys === true;
  if (keys !== undefined && typeof keys.system === 'string' && typeof keys.stork === 'string' && typeof keys.shared === 'string') {
    validateKeys({ system: keys.system, stork: keys.stork, shared: keys.shared }, { field: `${field}.keys`, allowTestKeys });
  }
  const inputs = keys ?? generatedKeys(name, cluster, field);
  const checked = pulumi.all([inputs.system, inputs.stork, inputs.shared]).apply(([system, stork, shared]): PxKeys | Promise<PxKeys> => {
    try {
      checkResolved({ system, stork, shared }, name, field, keys === undefined);
      validateKeys({ system, stork, shared }, { field: `${field}.keys`, allowTestKeys });
    } catch (error) {
      if (!isPxSecurityError(error)) throw error;
      verdict.failed(new PxValidationError([error], cluster));
      return new Promise<PxKeys>(() => undefined);
    }
    verdict.passedKeys();
    return { system, stork, shared };
  });
  return pulumi.secret(checked);
}

/** `KEYS_UNRESOLVED` for the first key that resolved to no value. */
function checkResolved(keys: Readonly<Record<keyof PxKeys, unknown>>, name: string, field: string, generated: boolean): void {
  const keyNames: readonly (readonly [keyof PxKeys, string])[] = [
    ['system', SYSTEM_SECRET_KEY],
    ['stork', STORK_SECRET_KEY],
    ['shared', SHARED_SECRET_KEY],
  ];
  for (const [key, keyName] of keyNames) {
    if (keys[key] !== undefined && keys[key] !== null) continue;
    throw new PxSecurityError({
      code: 'KEYS_UNRESOLVED',
      field: `${field}.keys.${keyName}`,
      problem: generated
        ? `is unresolved: RandomPassword "${name}-${keyName}" has no result, as under pulumi.runtime.setMocks with mocks that return a resource's inputs as its state`
        : 'is unresolved: the Output given for it resolved to no value',
      fix: generated
        ? "in tests, set the mocks with PxTesting.pulumiMocks() from 'px-security-constructs/testing' (it resolves RandomPassword and passes everything else to your own mocks), or pass keys: { system, stork, shared }"
        : 'pass a string or an Output of one, e.g. config.requireSecret(...), or leave keys out to generate them',
    });
  }
}

/** Three RandomPasswords `${name}-system-secret`, ... (`@pulumi/random` is loaded here, when keys are generated). */
function generatedKeys(name: string, parent: pulumi.Resource, field: string): PxKeyInputs {
  const { RandomPassword } = loadRandom({
    field: `${field}.keys`,
    neededFor: 'the keys are generated as its RandomPasswords when none are given',
    instead: 'pass keys: { system, stork, shared } (e.g. config.requireSecret(...))',
  });
  const generated = (keyName: string): pulumi.Output<string> =>
    new RandomPassword(`${name}-${keyName}`, { length: GENERATED_KEY_LENGTH, special: true, overrideSpecial: GENERATED_KEY_SPECIALS }, { parent }).result;
  return { system: generated(SYSTEM_SECRET_KEY), stork: generated(STORK_SECRET_KEY), shared: generated(SHARED_SECRET_KEY) };
}
