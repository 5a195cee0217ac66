/**
 * Kubernetes name rules (k8s.io/apimachinery `pkg/util/validation`), checked before an object is emitted so a
 * bad name fails at synth with a message that says why and offers a fixed name, not at `kubectl apply`.
 *
 * - RFC 1123 label (namespaces): at most 63 characters of `[a-z0-9-]`, starting and ending with a letter or digit.
 * - RFC 1123 subdomain (Secret, StorageClass and most other object names): at most 253 characters of
 *   `[a-z0-9.-]`, each dot-separated part starting and ending with a letter or digit.
 * - Label and annotation keys: an optional subdomain prefix and `/`, then a name of at most 63 characters of
 *   `[A-Za-z0-9_.-]` starting and ending with a letter or digit. Annotation keys are checked lowercased, as
 *   the API server does. Label values follow the name rule but may be empty; annotation values are any string,
 *   at most 256 KiB for all annotations together.
 */
import { PxErrorCode } from '../errors/error-catalogue';
import { PxSecurityError } from '../errors/errors';

/** Longest RFC 1123 label (namespace name). */
const DNS_LABEL_MAX_LENGTH = 63;
/** Longest RFC 1123 subdomain (object name). */
const DNS_SUBDOMAIN_MAX_LENGTH = 253;
/** Longest name part of a label or annotation key, and longest label value. */
const QUALIFIED_NAME_MAX_LENGTH = 63;
/** Largest total size of an object's annotations, keys and values, in bytes. */
const ANNOTATIONS_MAX_BYTES = 256 * 1024;

/** The characters one kind of name allows, and how it is described to the user. */
interface NameRule {
  /** What the name is, e.g. `RFC 1123 label`. */
  readonly kind: string;
  readonly maxLength: number;
  /** Whether `A-Z` are allowed. */
  readonly uppercase: boolean;
  /** Allowed characters besides letters and digits; a name must not start or end with one. */
  readonly punctuation: string;
  /** Whether the name is made of dot-separated parts, each starting and ending with a letter or digit. */
  readonly dotSeparated: boolean;
  /** The rule in words, for the fix. */
  readonly wording: string;
  /** A valid name made from an invalid one (empty when none can be made). */
  readonly suggest: (value: string) => string;
  /** The rule as Kubernetes' own regular expression (length aside): the fast path for valid names. */
  readonly pattern: RegExp;
}

const DNS_LABEL: NameRule = {
  kind: 'RFC 1123 label',
  maxLength: DNS_LABEL_MAX_LENGTH,
  uppercase: false,
  punctuation: '-',
  dotSeparated: false,
  wording: `use at most ${DNS_LABEL_MAX_LENGTH} lowercase letters, digits and "-", starting and ending with a letter or digit`,
  suggest: suggestDnsLabel,
  pattern: /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
};

const DNS_SUBDOMAIN: NameRule = {
  kind: 'RFC 1123 subdomain',
  maxLength: DNS_SUBDOMAIN_MAX_LENGTH,
  uppercase: false,
  punctuation: '-.',
  dotSeparated: true,
  wording:
    `use at most ${DNS_SUBDOMAIN_MAX_LENGTH} lowercase letters, digits, "-" and ".", ` + 'each dot-separated part starting and ending with a letter or digit',
  suggest: suggestDnsSubdomain,
  pattern: /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
};

const QUALIFIED_NAME: NameRule = {
  kind: 'qualified name part',
  maxLength: QUALIFIED_NAME_MAX_LENGTH,
  uppercase: true,
  punctuation: '-_.',
  dotSeparated: false,
  wording: `at most ${QUALIFIED_NAME_MAX_LENGTH} letters, digits, "-", "_" and ".", starting and ending with a letter or digit`,
  suggest: suggestQualifiedNamePart,
  pattern: /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/,
};

/**
 * Throws `NAME_INVALID` unless `value` is an RFC 1123 label: the rule for namespace names.
 * @param field the field at fault, for the message (e.g. `PxTenant tenant-a: namespace`)
 */
export function validateDnsLabel(value: unknown, field: string): asserts value is string {
  validateName(value, field, DNS_LABEL);
}

/**
 * Throws `NAME_INVALID` unless `value` is an RFC 1123 subdomain: the rule for Secret, StorageClass and most
 * other object names.
 * @param field the field at fault, for the message (e.g. `PxStorageClass px-storage: name`)
 */
export function validateDnsSubdomain(value: unknown, field: string): asserts value is string {
  validateName(value, field, DNS_SUBDOMAIN);
}

/**
 * Throws `LABEL_INVALID` unless every key of `labels` is a qualified name (optional subdomain prefix and `/`,
 * then a name) and every value a valid label value (at most 63 letters, digits, `-`, `_`, `.`, or empty).
 * @param field the labels' field, for the message (e.g. `PxTenant tenant-a: labels`)
 */
export function validateLabels(labels: Readonly<Record<string, unknown>>, field: string): void {
  for (const [key, value] of Object.entries(labels)) {
    const keyReasons = qualifiedNameReasons(key);
    if (keyReasons.length > 0) {
      throw keyError('LABEL_INVALID', 'label', key, keyReasons, field, suggestQualifiedName(key));
    }
    const valueField = `${field}[${JSON.stringify(key)}]`;
    if (typeof value !== 'string') {
      throw new PxSecurityError({
        code: 'LABEL_INVALID',
        field: valueField,
        value,
        problem: 'is not a string',
        fix: 'write every label value as a string, quoted if YAML would read it as a number or a boolean',
      });
    }
    const valueReasons = value === '' ? [] : nameReasons(value, QUALIFIED_NAME, 0);
    if (valueReasons.length > 0) {
      const suggestion = QUALIFIED_NAME.suggest(value);
      throw new PxSecurityError({
        code: 'LABEL_INVALID',
        field: valueField,
        value,
        problem: `is not a valid label value (${valueReasons.join('; ')})`,
        fix: `use an empty value or ${QUALIFIED_NAME.wording}${suchAs(suggestion)}`,
      });
    }
  }
}

/**
 * Throws `ANNOTATION_INVALID` unless every key of `annotations` is a qualified name (checked lowercased, as the
 * API server does), every value a string, and all of them together at most 256 KiB.
 * @param field the annotations' field, for the message (e.g. `PxTenant tenant-a: annotations`)
 */
export function validateAnnotations(annotations: Readonly<Record<string, unknown>>, field: string): void {
  let totalBytes = 0;
  for (const [key, value] of Object.entries(annotations)) {
    const keyReasons = qualifiedNameReasons(key.toLowerCase());
    if (keyReasons.length > 0) {
      throw keyError('ANNOTATION_INVALID', 'annotation', key, keyReasons, field, suggestQualifiedName(key));
    }
    if (typeof value !== 'string') {
      throw new PxSecurityError({
        code: 'ANNOTATION_INVALID',
        field: `${field}[${JSON.stringify(key)}]`,
        value,
        problem: 'is not a string',
        fix: 'write every annotation value as a string, quoted if YAML would read it as a number or a boolean',
      });
    }
    totalBytes += Buffer.byteLength(key) + Buffer.byteLength(value);
  }
  if (totalBytes > ANNOTATIONS_MAX_BYTES) {
    throw new PxSecurityError({
      code: 'ANNOTATION_INVALID',
      field,
      problem: `are ${totalBytes} bytes in total, more than the ${ANNOTATIONS_MAX_BYTES} bytes Kubernetes allows`,
      fix: 'move large values into a ConfigMap and keep only a reference in the annotations',
    });
  }
}

function validateName(value: unknown, field: string, rule: NameRule): void {
  if (typeof value !== 'string') {
    throw new PxSecurityError({
      code: 'NAME_INVALID',
      field,
      value,
      problem: `is not a string; a Kubernetes name is an ${rule.kind}`,
      fix: rule.wording,
    });
  }
  if (value.length <= rule.maxLength && rule.pattern.test(value)) return;
  const reasons = value === '' ? ['it is empty'] : nameReasons(value, rule, 0);
  if (reasons.length === 0) return;
  throw new PxSecurityError({
    code: 'NAME_INVALID',
    field,
    value,
    problem: `is not a valid ${rule.kind} (${reasons.join('; ')})`,
    fix: `${rule.wording}${suchAs(rule.suggest(value))}`,
  });
}

/**
 * Why a non-empty `value` breaks `rule`: its length, its first uppercase letter, its first character outside
 * the rule, a punctuation character at either end, and (subdomains) a `.` not between letters or digits.
 * Positions are 1-based and counted from `offset` (the start of the part within a longer key).
 */
function nameReasons(value: string, rule: NameRule, offset: number): string[] {
  const chars = Array.from(value);
  const reasons: string[] = [];
  const isAlphanumeric = (char: string | undefined): boolean => char !== undefined && /^[A-Za-z0-9]$/.test(char);
  const position = (index: number): number => offset + index + 1;
  if (chars.length > rule.maxLength) reasons.push(`it is ${chars.length} characters long, more than ${rule.maxLength}`);
  const upper = rule.uppercase ? -1 : chars.findIndex((char) => /^[A-Z]$/.test(char));
  if (upper >= 0) reasons.push(`uppercase ${JSON.stringify(chars[upper])} at position ${position(upper)}`);
  const bad = chars.findIndex((char) => !isAlphanumeric(char) && !rule.punctuation.includes(char));
  if (bad >= 0) reasons.push(`${JSON.stringify(chars[bad])} at position ${position(bad)} is not allowed`);
  const first = chars[0];
  const last = chars[chars.length - 1];
  if (first !== undefined && rule.punctuation.includes(first)) reasons.push(`it starts with ${JSON.stringify(first)}`);
  if (last !== undefined && chars.length > 1 && rule.punctuation.includes(last)) reasons.push(`it ends with ${JSON.stringify(last)}`);
  if (rule.dotSeparated) {
    const betweenAlphanumerics = (index: number): boolean => isAlphanumeric(chars[index - 1]) && isAlphanumeric(chars[index + 1]);
    const dot = chars.findIndex((char, index) => char === '.' && index > 0 && index < chars.length - 1 && !betweenAlphanumerics(index));
    if (dot >= 0) reasons.push(`"." at position ${position(dot)} is not between letters or digits`);
  }
  return reasons;
}

/** Why `key` is not a qualified name (`[prefix/]name`); empty when it is one. */
function qualifiedNameReasons(key: string): string[] {
  const parts = key.split('/');
  if (parts.length > 2) return [`it has ${parts.length - 1} "/", where at most one is allowed, after the prefix`];
  const [prefix, name] = parts.length === 2 ? [parts[0] ?? '', parts[1] ?? ''] : [undefined, parts[0] ?? ''];
  const reasons: string[] = [];
  if (prefix !== undefined) {
    if (prefix === '') reasons.push('the prefix before "/" is empty');
    else reasons.push(...nameReasons(prefix, DNS_SUBDOMAIN, 0).map((reason) => `prefix: ${reason}`));
  }
  const nameOffset = prefix === undefined ? 0 : Array.from(prefix).length + 1;
  if (name === '') reasons.push(prefix === undefined ? 'it is empty' : 'the name after "/" is empty');
  else reasons.push(...nameReasons(name, QUALIFIED_NAME, nameOffset).map((reason) => `name: ${reason}`));
  return reasons;
}

function keyError(code: PxErrorCode, what: string, key: string, reasons: readonly string[], field: string, suggestion: string): PxSecurityError {
  return new PxSecurityError({
    code,
    field: `${field} key`,
    value: key,
    problem: `is not a valid ${what} key (${reasons.join('; ')})`,
    fix: `write an optional prefix (an ${DNS_SUBDOMAIN.kind}) and "/", then a name of ${QUALIFIED_NAME.wording}` + suchAs(suggestion),
  });
}

/** `, such as "x"` for a suggested fixed name; empty when no fix could be made. */
function suchAs(suggestion: string): string {
  return suggestion === '' ? '' : `, such as ${JSON.stringify(suggestion)}`;
}

/** `value` made into an RFC 1123 label: lowercased, other characters turned into `-`, trimmed to fit. */
function suggestDnsLabel(value: string): string {
  const replaced = Array.from(value.toLowerCase(), (char) => (/^[a-z0-9-]$/.test(char) ? char : '-')).join('');
  return trimTo(replaced, DNS_LABEL_MAX_LENGTH, /^-+|-+$/g);
}

/** `value` made into an RFC 1123 subdomain: as a label, but keeping non-empty dot-separated parts. */
function suggestDnsSubdomain(value: string): string {
  const replaced = Array.from(value.toLowerCase(), (char) => (/^[a-z0-9.-]$/.test(char) ? char : '-')).join('');
  const parts = replaced
    .split('.')
    .map((part) => part.replace(/^-+|-+$/g, ''))
    .filter((part) => part !== '');
  return trimTo(parts.join('.'), DNS_SUBDOMAIN_MAX_LENGTH, /^[-.]+|[-.]+$/g);
}

/** A label or annotation key made valid: prefix as a subdomain, name as a qualified name part. */
function suggestQualifiedName(key: string): string {
  const slash = key.indexOf('/');
  if (slash < 0) return suggestQualifiedNamePart(key);
  const prefix = suggestDnsSubdomain(key.slice(0, slash));
  const name = suggestQualifiedNamePart(key.slice(slash + 1));
  if (name === '') return '';
  return prefix === '' ? name : `${prefix}/${name}`;
}

/** A label value or key name made valid: other characters turned into `-`, trimmed to fit. */
function suggestQualifiedNamePart(value: string): string {
  const replaced = Array.from(value, (char) => (/^[A-Za-z0-9_.-]$/.test(char) ? char : '-')).join('');
  return trimTo(replaced, QUALIFIED_NAME_MAX_LENGTH, /^[-_.]+|[-_.]+$/g);
}

/** Strips `edges`, cuts to `maxLength`, and strips `edges` again (the cut may leave punctuation at the end). */
function trimTo(value: string, maxLength: number, edges: RegExp): string {
  return value.replace(edges, '').slice(0, maxLength).replace(edges, '');
}
