/**
 * What a secured cluster reports besides its model's cross-object problems, the same in cdk8s and Pulumi:
 * the spec given twice (`SPEC_GIVEN_TWICE`, thrown at once), sealing with the published test certificate
 * outside a test (`SEAL_CERT_TEST_ONLY`, a warning once per certificate), and each plain Secret holding a key
 * or a token while `secretsInGit` is `forbid` (`SECRET_IN_GIT`, an error of the check). The front doors only
 * say when a Secret is delivered and when the check runs.
 */
import { PxSecurityError } from '../errors/errors';
import { isTestCertificatePem, testCertificateError } from '../sealing/test-certificate';
import { plainSecretForbidden, SecretDelivery } from './secret-delivery';
import type { SecretObject } from '../kube/kube-object';
import type { SecurityModel } from './security-model';

/**
 * Refuses a cluster given a spec both to emit (`spec`) and to secure in place (`include`).
 * @param specFile the `spec` prop's file, when a spec is given
 * @param includeGiven whether `include` is given
 * @param field the cluster's construct path or resource name
 * @throws PxSecurityError `SPEC_GIVEN_TWICE` naming `<field>.spec`
 */
export function requireSpecGivenOnce(specFile: string | undefined, includeGiven: boolean, field: string): void {
  if (specFile === undefined || !includeGiven) return;
  throw new PxSecurityError({
    code: 'SPEC_GIVEN_TWICE',
    field: `${field}.spec`,
    value: specFile,
    problem: 'is given together with include',
    fix: 'give the spec once: as spec to emit it, or as include to secure objects already in the app',
  });
}

/** A cluster's delivery warnings and `secretsInGit` errors, collected while its Secrets are delivered. */
export class ClusterReports {
  /** `SEAL_CERT_TEST_ONLY` by certificate, once each. */
  private readonly deliveryWarnings = new Map<string, PxSecurityError>();
  /** `SECRET_IN_GIT` of each plain Secret with a key or a token delivered so far (only under `forbid`). */
  private readonly plainSecrets: PxSecurityError[] = [];
  private readonly secretsInGit: 'allow' | 'forbid';

  constructor(
    private readonly model: SecurityModel,
    secretsInGit: 'allow' | 'forbid' | undefined,
    /** Whether the cluster is in a test app or under the test mocks, where the test certificate is expected. */
    private readonly testMode: boolean,
  ) {
    this.secretsInGit = secretsInGit ?? 'allow';
  }

  /** Notes a Secret about to be delivered at `path` with `delivery`: sealing with the test certificate outside a test is a warning. */
  public delivering(delivery: SecretDelivery, path: string): void {
    if (delivery.kind !== 'sealed' || this.testMode || this.deliveryWarnings.has(delivery.certificatePem)) return;
    if (isTestCertificatePem(delivery.certificatePem))
      this.deliveryWarnings.set(delivery.certificatePem, testCertificateError(`${path}.secretDelivery.certificatePem`));
  }

  /** Notes a Secret delivered in plain text at `path`: an error of the check when `secretsInGit` is `forbid`. */
  public deliveredPlain(secret: Pick<SecretObject, 'metadata'>, path: string): void {
    if (this.secretsInGit === 'forbid') this.plainSecrets.push(plainSecretForbidden(secret, path));
  }

  /** The plain Secrets `secretsInGit: 'forbid'` refuses, in delivery order. */
  public secretErrors(): readonly PxSecurityError[] {
    return this.plainSecrets;
  }

  /** The cluster's warnings (its model's, then the delivery warnings), as `[CODE] message` lines. */
  public warnings(): string[] {
    return [...this.model.warnings(), ...this.deliveryWarnings.values()].map((warning) => `[${warning.code}] ${warning.message}`);
  }
}
