/**
 * Securing a spec's text: the same edits as the objects form, spliced into the file so that every comment
 * and the file's own formatting stay, and a `diff` shows only the lines added or changed in the targets.
 */
import type { PxKeys } from '../keys/keys';
import { parseSpecDocuments } from '../yaml/documents';
import { keysDigest, keysRolloutEdits } from './keys-rollout';
import { planSpecSecurity, SecuredObjects } from './secure-objects';
import { resolveSecuritySettings, SpecPatchSettings } from '../cluster/security-settings';
import { applySpecEdits, SpecEdit } from './spec-edit';
import { SpecChange } from './report';
import { describeObject } from './targets';
import { KEYS_DIGEST_ANNOTATION } from '../names';
import { applySpecEditsToText } from './text-patch';

/** The secured objects, the report, and the secured text of the file. */
export interface SecuredText extends SecuredObjects {
  /** The file's text with the edits spliced in; parsing it gives `objects`. */
  readonly text: string;
}

/** Options of {@link secureSpecText}. */
export interface SecureSpecTextOptions {
  /**
   * The keys the keys Secret holds: every workload that reads them gets the pod template annotation
   * `px-security-constructs/keys-digest` (a keyed digest, never the keys), so that new keys roll its pods.
   * @default - no digest: the pods do not restart when only the keys change
   */
  readonly keys?: PxKeys;
}

/** Secures the spec `text` (`file` names it in messages); comments and formatting are kept. */
export function secureSpecText(text: string, file: string, settings: SpecPatchSettings, options: SecureSpecTextOptions = {}): SecuredText {
  const parsed = parseSpecDocuments(text, file);
  const security = planSpecSecurity(parsed.objects, settings, file, parsed.warnings);
  const keys = options.keys;
  // The digest edits touch only pod template metadata, which the security edits never do: both apply to the same text.
  // The Secret the keys are read from, as the constructs place it: the operator's shared-secret Secret, or pxkeys.
  const resolved = resolveSecuritySettings(settings);
  const keysSecretName = security.report.form === 'operator' ? resolved.sharedSecretName : resolved.keysSecretName;
  const rollout =
    keys === undefined ? [] : keysRolloutEdits(applySpecEdits(parsed.objects, security.edits), keysSecretName, (reads) => keysDigest(keys, reads));
  const edits = [...security.edits, ...rollout];
  const report =
    rollout.length === 0
      ? security.report
      : { ...security.report, changes: [...security.report.changes, ...rollout.map((edit) => digestChange(parsed.objects, edit))], alreadySecured: false };
  return { text: applySpecEditsToText(parsed, edits), objects: applySpecEdits(parsed.objects, edits), report };
}

/** The report's line for a digest edit (the digest is no secret, but the line names only the annotation). */
function digestChange(objects: readonly Record<string, unknown>[], edit: SpecEdit): SpecChange {
  return {
    object: describeObject(objects[edit.object], edit.object),
    path: 'spec.template.metadata.annotations',
    action: edit.kind === 'replace' ? 'replaced' : 'added',
    detail: `${KEYS_DIGEST_ANNOTATION} (a keyed digest of the keys its containers read: new keys roll its pods)`,
  };
}
