/**
 * The audit's side of the issuer rule (`issuerProblem`, shared with the constructs, `pxsec patch` and `mintToken`):
 * an issuer that is not one plain word is an error, a self-signed one that reads as OIDC a warning.
 */
import { issuerProblem } from '../token/issuer';
import { PathSegment } from '../yaml/plain-json';
import { BundleObject } from './bundle';
import { Finding, findingOn } from './finding';
import { ruleFix } from './rules';

/** The finding about `issuer` (as the cluster object configures it), or `undefined` when it has no problem. */
export function issuerRuleFinding(entry: BundleObject, issuer: string, oidc: boolean, field: string, path: readonly PathSegment[]): Finding | undefined {
  const problem = issuerProblem(issuer, { oidc });
  if (problem === undefined) return undefined;
  if (problem.code === 'ISSUER_INVALID') {
    return findingOn(entry, {
      code: 'ISSUER_INVALID',
      severity: 'error',
      field,
      path,
      message:
        issuer === ''
          ? 'the issuer is given without a value, so no token signed with the shared secret is trusted'
          : `the issuer ${JSON.stringify(issuer)} holds whitespace or control characters; tokens must carry exactly the issuer Portworx trusts`,
      fix: ruleFix('ISSUER_INVALID'),
    });
  }
  return findingOn(entry, {
    code: 'ISSUER_LOOKS_LIKE_OIDC',
    severity: 'warning',
    field,
    path,
    message: `the self-signed issuer ${JSON.stringify(issuer)} starts with https://, which Portworx reads as an OIDC provider to fetch keys from`,
    fix: ruleFix('ISSUER_LOOKS_LIKE_OIDC'),
  });
}
