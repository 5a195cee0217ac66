/**
 * The error catalogue against the sources: every code string lib/ passes to PxSecurityError, a finding, a token
 * or StorageClass problem or a patch warning is in the catalogue, and every entry is used; docs/errors.md is what
 * the catalogue renders; causes keep errno codes and nothing else.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_CATALOGUE, isPxErrorCode, PxSecurityError } from '../../lib/errors';
import { ERRORS_DOC, renderErrorsDoc } from '../../scripts/errors-doc';

const LIB = join(__dirname, '../../lib');
const CATALOGUE_FILE = join(LIB, 'core/errors/error-catalogue.ts');
/** UPPER_SNAKE string literals of lib/ that are not codes: env names, field names, quoting styles. */
const NOT_CODES = new Set([
  'SOURCE_DATE_EPOCH',
  'SECRET_FILE',
  'QUOTE_DOUBLE',
  'QUOTE_SINGLE',
  'PORTWORX_AUTH_STORK_KEY',
  'PORTWORX_AUTH_SYSTEM_APPS_KEY',
  'MODULE_NOT_FOUND',
]);
/** Files of constants (env variable names), not codes. */
const CONSTANT_FILES = new Set([join(LIB, 'core/names.ts')]);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

/** Every code-like literal of lib/ outside the catalogue: `'UPPER_SNAKE'` strings and `[UPPER_SNAKE]` message prefixes. */
function codesInSources(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of sources(LIB)) {
    if (file === CATALOGUE_FILE || CONSTANT_FILES.has(file)) continue;
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)'|`\[([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\]/g)) {
      const code = match[1] ?? match[2];
      if (code !== undefined && !NOT_CODES.has(code) && !found.has(code)) found.set(code, file);
    }
  }
  return found;
}

test('every code lib/ uses is in the catalogue', () => {
  const unknown = [...codesInSources()].filter(([code]) => !isPxErrorCode(code));
  expect(unknown).toEqual([]);
});

test('every code of the catalogue is used somewhere in lib/', () => {
  const used = codesInSources();
  expect(Object.keys(ERROR_CATALOGUE).filter((code) => !used.has(code))).toEqual([]);
});

test('every entry has a severity, a title and a fix, without placeholders left over', () => {
  for (const [code, entry] of Object.entries(ERROR_CATALOGUE)) {
    expect([code, ['error', 'warning', 'info'].includes(entry.severity)]).toEqual([code, true]);
    expect([code, entry.title.length > 10 && entry.fix.length > 5 && !/TODO|…/.test(entry.title + entry.fix)]).toEqual([code, true]);
  }
});

test('docs/errors.md is what the catalogue renders (run "npm run docs:errors")', () => {
  expect(readFileSync(ERRORS_DOC, 'utf8')).toBe(renderErrorsDoc());
});

test('a cause keeps the errno code and syscall of an I/O error, never its message', () => {
  const io = Object.assign(new Error("ENOENT: no such file or directory, open '/home/me/secret-key.pem'"), {
    code: 'ENOENT',
    syscall: 'open',
    path: '/home/me/secret-key.pem',
  });
  const error = new PxSecurityError({
    code: 'SPEC_UNREADABLE',
    field: 'spec',
    value: 'spec.yaml',
    problem: 'cannot be read (ENOENT)',
    fix: 'give a readable file',
    cause: io,
  });
  expect(error.cause).toEqual({ code: 'ENOENT', syscall: 'open' });
  expect(JSON.stringify(error.cause)).not.toContain('secret-key');
  expect(new PxSecurityError({ code: 'SPEC_UNREADABLE', field: 'spec', problem: 'p', fix: 'f', cause: 'a string' }).cause).toBeUndefined();
});
