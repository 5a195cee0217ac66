/**
 * The findings of a class's parameter problems (StorageClass or VolumeSnapshotClass): one per problem, at the
 * parameter at fault. A class without auth is judged elsewhere (against guest access), so its code is skipped.
 */
import type { ClassParameterProblem } from '../classes/csi-secret-pairs';
import type { PxErrorCode } from '../errors/error-catalogue';
import { BundleObject } from './bundle';
import { Finding, findingOn } from './finding';
import { ruleFix } from './rules';

/** One error finding per problem of `problems` on `object`, except those of code `noAuth`. */
export function classParameterFindings(object: BundleObject, problems: readonly ClassParameterProblem[], noAuth: PxErrorCode): Finding[] {
  return problems
    .filter((problem) => problem.code !== noAuth)
    .map(({ code, parameter, message }) =>
      findingOn(object, {
        code,
        severity: 'error',
        field: parameter === undefined ? 'parameters' : `parameters[${JSON.stringify(parameter)}]`,
        path: parameter === undefined ? ['parameters'] : ['parameters', parameter],
        message,
        fix: ruleFix(code),
      }),
    );
}
