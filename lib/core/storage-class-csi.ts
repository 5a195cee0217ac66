/**
 * The CSI secret-pair templates of a Portworx StorageClass: which pairs Portworx needs, which templates the CSI
 * external-provisioner resolves in each side of a pair, and which parameters only a class's `token` may write.
 */
import { CsiSecretRules, SecretPair } from './csi-secret-pairs';
import {
  CSI_DEPRECATED_SECRET_PARAMS,
  CSI_NAME_TEMPLATES,
  CSI_NAMESPACE_TEMPLATES,
  CSI_OTHER_SECRET_PARAMS,
  CSI_SECRET_PARAMS,
  IN_TREE_AUTH_PARAMS,
} from './names';

/** The three CSI operations Portworx needs a token for, in the order they are written. */
export const PORTWORX_CSI_PAIRS = [CSI_SECRET_PARAMS.provisioner, CSI_SECRET_PARAMS.nodePublish, CSI_SECRET_PARAMS.controllerExpand];

/** The CSI external-provisioner's secret-pair rules, with the StorageClass codes. */
export const PROVISIONER_RULES: CsiSecretRules = {
  sidecar: 'the CSI provisioner',
  consequence: 'the CSI provisioner refuses every claim on the class',
  refusal: 'it refuses every claim on the class',
  templateAllowed: (name, side) =>
    side === 'namespace' ? CSI_NAMESPACE_TEMPLATES.includes(name) : CSI_NAME_TEMPLATES.includes(name) || /^pvc\.annotations\['[^']+'\]$/.test(name),
  allowedTemplates: {
    name: "${pv.name}, ${pvc.name}, ${pvc.namespace} or ${pvc.annotations['<key>']}",
    namespace: "${pv.name} or ${pvc.namespace} (a claim's name and annotations are up to its author, so they may not choose the namespace)",
  },
  codes: {
    pairIncomplete: 'STORAGECLASS_SECRET_PAIR_INCOMPLETE',
    templateUnknown: 'STORAGECLASS_TEMPLATE_UNKNOWN',
    referenceInvalid: 'STORAGECLASS_SECRET_REFERENCE_INVALID',
  },
};

/** Every CSI secret pair the external-provisioner reads, with its deprecated spelling if it has one. */
export const CSI_OPERATIONS: readonly { readonly pair: SecretPair; readonly deprecated?: SecretPair }[] = [
  { pair: CSI_SECRET_PARAMS.provisioner, deprecated: CSI_DEPRECATED_SECRET_PARAMS.provisioner },
  { pair: CSI_SECRET_PARAMS.nodePublish, deprecated: CSI_DEPRECATED_SECRET_PARAMS.nodePublish },
  { pair: CSI_SECRET_PARAMS.controllerExpand },
  { pair: CSI_OTHER_SECRET_PARAMS.controllerPublish, deprecated: CSI_DEPRECATED_SECRET_PARAMS.controllerPublish },
  { pair: CSI_OTHER_SECRET_PARAMS.nodeStage, deprecated: CSI_DEPRECATED_SECRET_PARAMS.nodeStage },
  { pair: CSI_OTHER_SECRET_PARAMS.nodeExpand },
  { pair: CSI_OTHER_SECRET_PARAMS.default },
];

/** Parameters only `token` may write. */
export const AUTH_PARAMETERS: ReadonlySet<string> = new Set([
  IN_TREE_AUTH_PARAMS.name,
  IN_TREE_AUTH_PARAMS.namespace,
  ...CSI_OPERATIONS.flatMap(({ pair, deprecated }) => [pair.name, pair.namespace, ...(deprecated ? [deprecated.name, deprecated.namespace] : [])]),
]);
