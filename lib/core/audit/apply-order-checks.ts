/**
 * Checks the order a first `kubectl apply` reads the bundle in (documents in file order, the files of a
 * directory in lexical order, paths in the order given): an object before the Namespace it goes into fails the
 * apply (`namespaces "portworx" not found`); a workload before a Secret it reads starts pods that fail until the
 * Secret exists; a class before the fixed token Secret it names provisions without it. The rule is the one the
 * constructs order their output by (`firstApplyProblems` in lib/core/cluster/apply-order.ts).
 */
import { firstApplyProblems } from '../cluster/apply-order';
import { AuditContext } from './context';
import { Finding, findingOn } from './finding';
import { ruleFix } from './rules';

/** Findings about objects that come before the Namespace or Secret they need. */
export function applyOrderFindings(context: AuditContext): Finding[] {
  const entries = context.bundle.objects;
  return firstApplyProblems(entries.map((entry) => entry.object)).flatMap(({ index, prerequisite, providerIndex }) => {
    const entry = entries[index];
    const provider = entries[providerIndex];
    if (entry === undefined || provider === undefined) return [];
    const secret = `${prerequisite.namespace}/${prerequisite.name}`;
    const where = provider.line === undefined ? provider.file : `${provider.file}:${provider.line}`;
    const message =
      prerequisite.kind === 'Namespace'
        ? `comes before ${provider.name} (${where}), the namespace it goes into: a first "kubectl apply" in this order fails with namespaces "${prerequisite.name}" not found`
        : `comes before ${provider.name === `Secret ${secret}` ? provider.name : `${provider.name}, which makes the Secret ${secret}`} (${where}) that it reads: a first "kubectl apply" in this order creates it while the Secret is missing (pods fail with CreateContainerConfigError until it exists, volumes are provisioned without the token)`;
    return [
      findingOn(entry, { code: 'APPLY_ORDER', severity: 'warning', field: prerequisite.field, path: prerequisite.path, message, fix: ruleFix('APPLY_ORDER') }),
    ];
  });
}
