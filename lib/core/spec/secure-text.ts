/**
 * Securing a spec's text: the same edits as the objects form, spliced into the file so that every comment
 * and the file's own formatting stay, and a `diff` shows only the lines added or changed in the targets.
 */
import { parseSpecDocuments } from '../yaml/documents';
import { planSpecSecurity, SecuredObjects } from './secure-objects';
import { SecuritySettings } from './settings';
import { applySpecEdits } from './spec-edit';
import { applySpecEditsToText } from './text-patch';

/** The secured objects, the report, and the secured text of the file. */
export interface SecuredText extends SecuredObjects {
  /** The file's text with the edits spliced in; parsing it gives `objects`. */
  readonly text: string;
}

/** Secures the spec `text` (`file` names it in messages); comments and formatting are kept. */
export function secureSpecText(text: string, file: string, settings: SecuritySettings): SecuredText {
  const parsed = parseSpecDocuments(text, file);
  const { edits, report } = planSpecSecurity(parsed.objects, settings, file, parsed.warnings);
  return { text: applySpecEditsToText(parsed, edits), objects: applySpecEdits(parsed.objects, edits), report };
}
