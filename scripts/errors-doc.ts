/**
 * Writes docs/errors.md from the error catalogue (`npm run docs:errors`). A test fails when the committed file
 * is not what this renders.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_CATALOGUE, ErrorCatalogueEntry, PxErrorCode } from '../lib/errors';

/** The path of the generated file. */
export const ERRORS_DOC = join(__dirname, '../docs/errors.md');

/** docs/errors.md as the catalogue says it. */
export function renderErrorsDoc(): string {
  const cell = (text: string): string => text.replace(/\|/g, '\\|');
  const row = (code: string, entry: ErrorCatalogueEntry): string => `| \`${code}\` | ${entry.severity} | ${cell(entry.title)} | ${cell(entry.fix)} |`;
  const codes = Object.keys(ERROR_CATALOGUE) as PxErrorCode[];
  const entry = (code: PxErrorCode): ErrorCatalogueEntry => ERROR_CATALOGUE[code];
  const header = ['| Code | Severity | What is wrong | What to do |', '| --- | --- | --- | --- |'];
  return [
    '# Error and finding codes',
    '',
    '<!-- Generated from lib/core/errors/error-catalogue.ts by `npm run docs:errors`; do not edit by hand. -->',
    '',
    'Every `PxSecurityError` (`error.code`) and every `pxsec check` finding (`code`) has one of these codes.',
    "Match on the code, never on the message; import the type with `import { PxErrorCode } from 'px-security-constructs/errors'`.",
    '',
    '## `pxsec check` findings',
    '',
    ...header,
    ...codes.filter((code) => entry(code).audit === true).map((code) => row(code, entry(code))),
    '',
    '## Errors of the constructs, the core and the CLI',
    '',
    ...header,
    ...codes.filter((code) => entry(code).audit !== true).map((code) => row(code, entry(code))),
    '',
  ].join('\n');
}

if (require.main === module) {
  writeFileSync(ERRORS_DOC, renderErrorsDoc());
  console.log(`wrote ${ERRORS_DOC}`);
}
