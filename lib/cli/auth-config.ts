/**
 * pxctl's auth-config file: the YAML user file `pxctl auth token generate --auth-config` reads.
 *
 * ```yaml
 * name: Storage Administrator
 * email: storageadmin@example.com
 * sub: storageadmin@example.com/storageadmin
 * roles: ["system.admin"]
 * groups: ["*"]
 * ```
 *
 * Only these five keys exist; any other key is an error naming it, and a YAML error names the file, line and
 * column. Messages quote a key or value at fault only when it is short (a long one might be a secret pasted in
 * the wrong file), and never any other text of the file (a secret file passed here by mistake is a plain
 * scalar, reported without its content).
 */
import { resolve } from 'node:path';
import { PxSecurityError } from '../core/errors/errors';
import { readInputFile } from '../node/input-file';
import { IdentityProps } from '../core/token/identity';
import { CliIO } from './io';
import { nearestChoice } from '../core/errors/near-miss';
import { loadYaml, loadYamlProblems } from '../core/loaders/yaml';

/** The keys of an auth-config file, in pxctl's order. */
export const AUTH_CONFIG_KEYS = ['name', 'email', 'sub', 'roles', 'groups'] as const;
type AuthConfigKey = (typeof AUTH_CONFIG_KEYS)[number];

/** Reads the auth-config file at `path` (relative to `io.cwd`) as identity props (not yet validated). */
export function readAuthConfig(path: string, io: Pick<CliIO, 'cwd'>): IdentityProps {
  const text = readInputFile(resolve(io.cwd, path), {
    field: '--auth-config',
    displayPath: path,
    errorCode: 'AUTH_CONFIG_UNREADABLE',
    unreadableFix: 'give the path of a YAML file with name, email, sub, roles and groups',
  });
  return parseAuthConfig(text, path);
}

/** Parses auth-config YAML; `file` names the source in messages. */
export function parseAuthConfig(text: string, file: string): IdentityProps {
  // yaml is loaded here, when an auth-config is read, so that `pxsec token decode` and `verify` never load it.
  const { isMap, isScalar, LineCounter, parseDocument } = loadYaml();
  const { documentValue, yamlProblem } = loadYamlProblems();
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number | undefined): string => {
    const position = lineCounter.linePos(offset ?? 0);
    return `${file}:${position.line}:${position.col}`;
  };
  const converted = documentValue(document, lineCounter);
  const problem = 'problem' in converted ? converted.problem : document.warnings[0] ? yamlProblem(document.warnings[0], lineCounter) : undefined;
  if (problem || !('value' in converted)) {
    throw new PxSecurityError({
      code: 'AUTH_CONFIG_YAML_INVALID',
      field: `--auth-config ${file}:${problem?.line ?? 1}:${problem?.column ?? 1}`,
      problem: `is not valid YAML (${problem?.kind ?? 'unreadable'})`,
      fix: 'correct the YAML at that line and column',
    });
  }
  const mapping = document.contents;
  if (!isMap(mapping)) {
    throw new PxSecurityError({
      code: 'AUTH_CONFIG_NOT_A_MAPPING',
      field: '--auth-config',
      value: file,
      problem: mapping === null ? 'is empty' : `holds a ${isScalar(mapping) ? 'single value' : 'list'}, not a mapping`,
      fix: `write one "key: value" line per key, with the keys ${AUTH_CONFIG_KEYS.join(', ')}`,
    });
  }
  const keyPositions = new Map<AuthConfigKey, string>();
  for (const pair of mapping.items) {
    const keyNode = pair.key;
    const key = isScalar(keyNode) ? keyNode.value : undefined;
    const where = at(isScalar(keyNode) ? keyNode.range?.[0] : mapping.range?.[0]);
    if (typeof key !== 'string' || !isAuthConfigKey(key)) {
      throw new PxSecurityError({
        code: 'AUTH_CONFIG_UNKNOWN_KEY',
        field: `--auth-config ${where}`,
        value: typeof key === 'string' ? shown(key) : undefined,
        problem: typeof key === 'string' ? `${withheld(key)}is not an auth-config key` : 'has a key that is not a plain string',
        fix: `use only ${AUTH_CONFIG_KEYS.join(', ')}${suggestion(typeof key === 'string' ? key : '')}`,
      });
    }
    keyPositions.set(key, where);
  }
  // Only plain string keys are left, so the conversion cannot stringify a collection key.
  const values = converted.value as Partial<Record<AuthConfigKey, unknown>>;
  for (const [key, where] of keyPositions) checkValueType(key, values[key], `--auth-config ${where}`);
  for (const key of ['name', 'roles'] as const) {
    if (values[key] === undefined || values[key] === null) {
      throw new PxSecurityError({
        code: 'AUTH_CONFIG_KEY_MISSING',
        field: '--auth-config',
        value: file,
        problem: `has no ${key}`,
        fix: key === 'name' ? 'add a line such as "name: tenant-a"' : 'add a line such as \'roles: ["system.user"]\'',
      });
    }
  }
  const { email, sub, groups } = values as { email?: string | null; sub?: string | null; groups?: string[] | null };
  return {
    name: values.name as string,
    roles: values.roles as string[],
    ...(email === undefined || email === null ? {} : { email }),
    ...(sub === undefined || sub === null ? {} : { sub }),
    ...(groups === undefined || groups === null ? {} : { groups }),
  };
}

function isAuthConfigKey(key: string): key is AuthConfigKey {
  return (AUTH_CONFIG_KEYS as readonly string[]).includes(key);
}

/** `name`, `email`, `sub` are strings; `roles`, `groups` lists of strings; an empty value (`email:`) counts as absent. */
function checkValueType(key: AuthConfigKey, value: unknown, field: string): void {
  if (value === null) return;
  if (key === 'roles' || key === 'groups') {
    if (Array.isArray(value) && value.every((entry) => typeof entry === 'string')) return;
    throw new PxSecurityError({
      code: 'AUTH_CONFIG_VALUE_INVALID',
      field: `${field} ${key}`,
      value: shown(value),
      problem: `${withheld(value)}is not a list of strings`,
      fix: `write it as a YAML list, such as ${key}: ${key === 'roles' ? '["system.user"]' : '["developers"]'}`,
    });
  }
  if (typeof value === 'string') return;
  throw new PxSecurityError({
    code: 'AUTH_CONFIG_VALUE_INVALID',
    field: `${field} ${key}`,
    value: shown(value),
    problem: `${withheld(value)}is not a string`,
    fix: 'write a single value, quoted if YAML would read it as a number, a boolean or a list',
  });
}

/** Longest key or value (as JSON) a message quotes; a longer one may be a secret in the wrong file. */
const MAX_QUOTED_LENGTH = 32;

/** The value to quote in a message, or `undefined` when it is too long to be shown safely. */
function shown(value: unknown): unknown {
  return JSON.stringify(value).length <= MAX_QUOTED_LENGTH ? value : undefined;
}

/** `(N characters, not shown) ` for a value too long to quote, else nothing. */
function withheld(value: unknown): string {
  const length = JSON.stringify(value).length;
  return length <= MAX_QUOTED_LENGTH ? '' : `(${length} characters, not shown) `;
}

/** `, did you mean "roles"?` for a near-miss such as `role` or `Roles`; empty otherwise. */
function suggestion(key: string): string {
  const match = nearestChoice(key, AUTH_CONFIG_KEYS, { normalize: (text) => text.toLowerCase().replace(/s$/, ''), maxEdits: 0 });
  return match ? ` (did you mean "${match}"?)` : '';
}
