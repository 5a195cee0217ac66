import { validateAnnotations, validateDnsLabel, validateDnsSubdomain, validateLabels } from '../../lib/core/kube/kube-names';
import { caughtPxSecurityError } from '../support/caught';

/** The name offered after `such as` in a message. */
function suggestion(message: string): string {
  const match = /, such as ("(?:[^"\\]|\\.)*")$/.exec(message);
  if (!match?.[1]) throw new Error(`no suggestion in: ${message}`);
  return JSON.parse(match[1]) as string;
}

const LABEL_RULE = 'use at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit';
const SUBDOMAIN_RULE = 'use at most 253 lowercase letters, digits, "-" and ".", each dot-separated part starting and ending with a letter or digit';
const KEY_RULE =
  'write an optional prefix (an RFC 1123 subdomain) and "/", then a name of at most 63 letters, digits, "-", "_" and ".", ' +
  'starting and ending with a letter or digit';

describe('validateDnsLabel (namespace names)', () => {
  it.each(['tenant-a', 'a', '0', 'px-2', 'kube-system'])('accepts %s', (name) => {
    expect(() => validateDnsLabel(name, 'namespace')).not.toThrow();
  });

  it('accepts 63 characters', () => {
    expect(() => validateDnsLabel('a'.repeat(63), 'namespace')).not.toThrow();
  });

  it('names the uppercase letter and the bad character with their positions, and suggests a fixed name', () => {
    const error = caughtPxSecurityError(() => validateDnsLabel('Tenant_A', 'PxTenant tenant-a: namespace'));
    expect(error.code).toBe('NAME_INVALID');
    expect(error.field).toBe('PxTenant tenant-a: namespace');
    expect(error.message).toBe(
      'PxTenant tenant-a: namespace "Tenant_A" is not a valid RFC 1123 label ' +
        `(uppercase "T" at position 1; "_" at position 7 is not allowed): ${LABEL_RULE}, such as "tenant-a"`,
    );
  });

  it('says how long a name too long is and cuts the suggestion to 63 characters', () => {
    const name = `tenant-${'x'.repeat(63)}`;
    const error = caughtPxSecurityError(() => validateDnsLabel(name, 'namespace'));
    expect(error.message).toBe(
      `namespace "${name}" is not a valid RFC 1123 label (it is 70 characters long, more than 63): ${LABEL_RULE}, such as "${name.slice(0, 63)}"`,
    );
  });

  it('rejects a "-" at either end', () => {
    expect(caughtPxSecurityError(() => validateDnsLabel('-tenant-', 'namespace')).message).toBe(
      `namespace "-tenant-" is not a valid RFC 1123 label (it starts with "-"; it ends with "-"): ${LABEL_RULE}, such as "tenant"`,
    );
  });

  it('rejects a dot, which only subdomains allow', () => {
    expect(caughtPxSecurityError(() => validateDnsLabel('tenant.a', 'namespace')).message).toBe(
      `namespace "tenant.a" is not a valid RFC 1123 label ("." at position 7 is not allowed): ${LABEL_RULE}, such as "tenant-a"`,
    );
  });

  it('rejects an empty name without a suggestion', () => {
    expect(caughtPxSecurityError(() => validateDnsLabel('', 'namespace')).message).toBe(
      `namespace "" is not a valid RFC 1123 label (it is empty): ${LABEL_RULE}`,
    );
  });

  it('offers no suggestion when nothing of the name is usable', () => {
    expect(caughtPxSecurityError(() => validateDnsLabel('___', 'namespace')).message).toBe(
      `namespace "___" is not a valid RFC 1123 label ("_" at position 1 is not allowed): ${LABEL_RULE}`,
    );
  });

  it('rejects a value that is not a string', () => {
    const error = caughtPxSecurityError(() => validateDnsLabel(42, 'namespace'));
    expect(error.code).toBe('NAME_INVALID');
    expect(error.message).toBe(`namespace 42 is not a string; a Kubernetes name is an RFC 1123 label: ${LABEL_RULE}`);
  });

  it('counts positions in characters, not UTF-16 units', () => {
    expect(caughtPxSecurityError(() => validateDnsLabel('🙂-é', 'namespace')).message).toBe(
      `namespace "🙂-é" is not a valid RFC 1123 label ("🙂" at position 1 is not allowed): ${LABEL_RULE}`,
    );
  });

  it('suggests only valid names', () => {
    for (const name of ['Tenant_A', '-x-', 'UPPER CASE', 'a.b.c', 'Ab_'.repeat(30), 'ünïcödé', 'x--']) {
      const fixed = suggestion(caughtPxSecurityError(() => validateDnsLabel(name, 'namespace')).message);
      expect(() => validateDnsLabel(fixed, 'namespace')).not.toThrow();
    }
  });
});

describe('validateDnsSubdomain (Secret and StorageClass names)', () => {
  it.each(['px-k8s-user', 'px-storage-repl-1', 'a.b.c', 'portworx.com', '0'])('accepts %s', (name) => {
    expect(() => validateDnsSubdomain(name, 'name')).not.toThrow();
  });

  it('accepts 253 characters, and parts longer than 63 (Kubernetes does not limit them)', () => {
    expect(() => validateDnsSubdomain('a'.repeat(253), 'name')).not.toThrow();
    expect(() => validateDnsSubdomain(`${'a'.repeat(100)}.${'b'.repeat(100)}`, 'name')).not.toThrow();
  });

  it('reports every reason at once: uppercase, bad character, misplaced dot', () => {
    const error = caughtPxSecurityError(() => validateDnsSubdomain('px..Storage_', 'PxStorageClass sc: name'));
    expect(error.code).toBe('NAME_INVALID');
    expect(error.message).toBe(
      'PxStorageClass sc: name "px..Storage_" is not a valid RFC 1123 subdomain (uppercase "S" at position 5; ' +
        '"_" at position 12 is not allowed; "." at position 3 is not between letters or digits): ' +
        `${SUBDOMAIN_RULE}, such as "px.storage"`,
    );
  });

  it('rejects a part that ends with "-" before a dot', () => {
    expect(caughtPxSecurityError(() => validateDnsSubdomain('px-.storage', 'name')).message).toBe(
      `name "px-.storage" is not a valid RFC 1123 subdomain ("." at position 4 is not between letters or digits): ${SUBDOMAIN_RULE}, such as "px.storage"`,
    );
  });

  it('rejects a dot at either end', () => {
    expect(caughtPxSecurityError(() => validateDnsSubdomain('.px.', 'name')).message).toBe(
      `name ".px." is not a valid RFC 1123 subdomain (it starts with "."; it ends with "."): ${SUBDOMAIN_RULE}, such as "px"`,
    );
  });

  it('rejects 254 characters', () => {
    const name = 'a'.repeat(254);
    expect(caughtPxSecurityError(() => validateDnsSubdomain(name, 'name')).message).toBe(
      `name "${name}" is not a valid RFC 1123 subdomain (it is 254 characters long, more than 253): ${SUBDOMAIN_RULE}, such as "${'a'.repeat(253)}"`,
    );
  });

  it('suggests only valid names', () => {
    for (const name of ['Px_K8s User', 'a..b', '-a.-b-.c', 'X.'.repeat(200), 'px/k8s']) {
      const fixed = suggestion(caughtPxSecurityError(() => validateDnsSubdomain(name, 'name')).message);
      expect(() => validateDnsSubdomain(fixed, 'name')).not.toThrow();
    }
  });
});

describe('validateLabels', () => {
  it('accepts qualified keys and valid values, empty included', () => {
    expect(() =>
      validateLabels({ app: 'mysql', 'app.kubernetes.io/name': 'px-security', 'example.com/Tier_1.x': 'A_b.c-9', empty: '' }, 'labels'),
    ).not.toThrow();
  });

  it('names the prefix and name problems of a key, with positions in the whole key', () => {
    const error = caughtPxSecurityError(() => validateLabels({ 'Example.com/na me': 'x' }, 'PxTenant t: labels'));
    expect(error.code).toBe('LABEL_INVALID');
    expect(error.message).toBe(
      'PxTenant t: labels key "Example.com/na me" is not a valid label key ' +
        `(prefix: uppercase "E" at position 1; name: " " at position 15 is not allowed): ${KEY_RULE}, such as "example.com/na-me"`,
    );
  });

  it('rejects more than one "/"', () => {
    expect(caughtPxSecurityError(() => validateLabels({ 'a/b/c': 'x' }, 'labels')).message).toBe(
      `labels key "a/b/c" is not a valid label key (it has 2 "/", where at most one is allowed, after the prefix): ${KEY_RULE}, such as "a/b-c"`,
    );
  });

  it('rejects an empty prefix or name', () => {
    expect(caughtPxSecurityError(() => validateLabels({ '/x': 'y' }, 'labels')).message).toBe(
      `labels key "/x" is not a valid label key (the prefix before "/" is empty): ${KEY_RULE}, such as "x"`,
    );
    expect(caughtPxSecurityError(() => validateLabels({ 'example.com/': 'y' }, 'labels')).message).toBe(
      `labels key "example.com/" is not a valid label key (the name after "/" is empty): ${KEY_RULE}`,
    );
    expect(caughtPxSecurityError(() => validateLabels({ '': 'y' }, 'labels')).message).toBe(
      `labels key "" is not a valid label key (it is empty): ${KEY_RULE}`,
    );
  });

  it('rejects a key name longer than 63 characters', () => {
    const key = `example.com/${'n'.repeat(64)}`;
    expect(caughtPxSecurityError(() => validateLabels({ [key]: 'x' }, 'labels')).message).toBe(
      `labels key "${key}" is not a valid label key (name: it is 64 characters long, more than 63): ${KEY_RULE}, such as "example.com/${'n'.repeat(63)}"`,
    );
  });

  it('rejects a bad value, naming the key', () => {
    const error = caughtPxSecurityError(() => validateLabels({ app: '-my app-' }, 'labels'));
    expect(error.code).toBe('LABEL_INVALID');
    expect(error.field).toBe('labels["app"]');
    expect(error.message).toBe(
      'labels["app"] "-my app-" is not a valid label value (" " at position 4 is not allowed; it starts with "-"; it ends with "-"): ' +
        'use an empty value or at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit, such as "my-app"',
    );
  });

  it('rejects a value that is not a string', () => {
    expect(caughtPxSecurityError(() => validateLabels({ replicas: 3 }, 'labels')).message).toBe(
      'labels["replicas"] 3 is not a string: write every label value as a string, quoted if YAML would read it as a number or a boolean',
    );
  });
});

describe('validateAnnotations', () => {
  it('accepts any string value and checks keys lowercased, as the API server does', () => {
    expect(() => validateAnnotations({ 'Example.COM/Owner': 'Team A (storage) — 🙂', note: '' }, 'annotations')).not.toThrow();
  });

  it('rejects a bad key', () => {
    const error = caughtPxSecurityError(() => validateAnnotations({ 'example.com/a/b': 'x' }, 'annotations'));
    expect(error.code).toBe('ANNOTATION_INVALID');
    expect(error.message).toBe(
      `annotations key "example.com/a/b" is not a valid annotation key (it has 2 "/", where at most one is allowed, after the prefix): ${KEY_RULE}, such as "example.com/a-b"`,
    );
  });

  it('rejects a value that is not a string', () => {
    expect(caughtPxSecurityError(() => validateAnnotations({ note: true }, 'annotations')).message).toBe(
      'annotations["note"] true is not a string: write every annotation value as a string, quoted if YAML would read it as a number or a boolean',
    );
  });

  it('allows 256 KiB of annotations in total, not more', () => {
    const atLimit = { note: 'x'.repeat(256 * 1024 - 'note'.length) };
    expect(() => validateAnnotations(atLimit, 'annotations')).not.toThrow();
    const error = caughtPxSecurityError(() => validateAnnotations({ ...atLimit, b: '' }, 'annotations'));
    expect(error.code).toBe('ANNOTATION_INVALID');
    expect(error.message).toBe(
      'annotations are 262145 bytes in total, more than the 262144 bytes Kubernetes allows: ' +
        'move large values into a ConfigMap and keep only a reference in the annotations',
    );
  });
});
