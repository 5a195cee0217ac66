import { parse, parseAllDocuments } from 'yaml';
import { secureSpecText } from '../../../lib/core/spec/secure-text';
import { SpecPatchSettings } from '../../../lib/core/cluster/security-settings';

const ISSUER: SpecPatchSettings = { issuer: 'portworx.com' };

/** A portworx DaemonSet whose container block is `container` (indented 8 spaces as the spec generator does). */
function daemonSet(container: string): string {
  return [
    'apiVersion: apps/v1',
    'kind: DaemonSet',
    'metadata:',
    '  name: portworx',
    '  namespace: kube-system',
    'spec:',
    '  selector:',
    '    matchLabels:',
    '      name: portworx',
    '  template:',
    '    metadata:',
    '      labels:',
    '        name: portworx',
    '    spec:',
    '      containers:',
    container,
    '      serviceAccountName: px-account',
    '',
  ].join('\n');
}

function objectsOf(text: string): unknown[] {
  return parseAllDocuments(text, { uniqueKeys: false })
    .map((document) => document.toJS() as unknown)
    .filter((object) => object !== null);
}

/** Secures `text` and checks that the text form parses to the objects form. */
function secureText(text: string, settings: SpecPatchSettings = ISSUER): string {
  const secured = secureSpecText(text, 'spec.yaml', settings);
  expect(objectsOf(secured.text)).toEqual(secured.objects);
  return secured.text;
}

const KEY_ENV_BLOCK = (indent: string, quote = ''): string =>
  [
    ['PORTWORX_AUTH_JWT_SHAREDSECRET', 'shared-secret'],
    ['PORTWORX_AUTH_SYSTEM_KEY', 'system-secret'],
    ['PORTWORX_AUTH_STORK_KEY', 'stork-secret'],
  ]
    .map(
      ([name, key]) =>
        `${indent}- name: ${quote}${name}${quote}\n${indent}  valueFrom:\n${indent}    secretKeyRef:\n${indent}      name: pxkeys\n${indent}      key: ${key}`,
    )
    .join('\n');

describe("secureSpecText keeps the file's own style", () => {
  test("the docs' example: a flow args list over two lines and quoted env names; only the args line changes and env lines are added", () => {
    const container = [
      '        - name: portworx',
      '          image: portworx/oci-monitor:2.0.3.4',
      '          args:',
      '            ["-k", "etcd:http://etcd.example.internal:2379", "-c", "px-cluster", ',
      '             "-x", "kubernetes"]   # the generator\'s args',
      '          env:',
      '            - name: "PX_TEMPLATE_VERSION"',
      '              value: "v4"',
      '            ',
      '          livenessProbe:',
      '            initialDelaySeconds: 840 # allow image pull in slow networks',
    ].join('\n');
    const expected = daemonSet(
      [
        '        - name: portworx',
        '          image: portworx/oci-monitor:2.0.3.4',
        '          args:',
        '            ["-k", "etcd:http://etcd.example.internal:2379", "-c", "px-cluster", ',
        '             "-x", "kubernetes", "-jwt_issuer", "portworx.com"]   # the generator\'s args',
        '          env:',
        '            - name: "PX_TEMPLATE_VERSION"',
        '              value: "v4"',
        KEY_ENV_BLOCK('            ', '"'),
        '            ',
        '          livenessProbe:',
        '            initialDelaySeconds: 840 # allow image pull in slow networks',
      ].join('\n'),
    );
    expect(secureText(daemonSet(container))).toBe(expected);
  });

  test("a block args list stays a block list, in the items' own quoting", () => {
    const plain = daemonSet(
      [
        '        - name: portworx',
        '          image: portworx/oci-monitor:2.6.0',
        '          args:',
        '          - -c',
        '          - px',
        '          env: []',
      ].join('\n'),
    );
    expect(secureText(plain)).toContain('          - -c\n          - px\n          - -jwt_issuer\n          - portworx.com\n');
    const quoted = daemonSet(
      ['        - name: portworx', '          image: portworx/oci-monitor:2.6.0', '          args:', "            - '-c'", "            - 'px'"].join('\n'),
    );
    expect(secureText(quoted)).toContain("            - '-c'\n            - 'px'\n            - '-jwt_issuer'\n            - 'portworx.com'\n");
  });

  test('flow lists stay flow lists: single-quoted, plain, empty; a flow env list gains flow entries', () => {
    const text = daemonSet(
      [
        '        - name: portworx',
        '          image: portworx/oci-monitor:2.6.0',
        "          args: ['-c', px]",
        '          env: [{name: PX_TEMPLATE_VERSION, value: v4}]',
      ].join('\n'),
    );
    const secured = secureText(text);
    expect(secured).toContain("          args: ['-c', px, -jwt_issuer, portworx.com]\n");
    expect(secured).toContain(
      '          env: [{name: PX_TEMPLATE_VERSION, value: v4}, {name: PORTWORX_AUTH_JWT_SHAREDSECRET, valueFrom: {secretKeyRef: {name: pxkeys, key: shared-secret}}}, {name: PORTWORX_AUTH_SYSTEM_KEY, valueFrom: {secretKeyRef: {name: pxkeys, key: system-secret}}}, {name: PORTWORX_AUTH_STORK_KEY, valueFrom: {secretKeyRef: {name: pxkeys, key: stork-secret}}}]\n',
    );
    const empty = daemonSet(['        - name: portworx', '          image: portworx/oci-monitor:2.6.0', '          args: []'].join('\n'));
    expect(secureText(empty)).toContain('          args: [-jwt_issuer, portworx.com]\n');
  });

  test('a container written as one flow mapping gains its env in flow style', () => {
    const text = daemonSet('        - {name: portworx, image: "portworx/oci-monitor:2.6.0", args: ["-c", "px"]}');
    expect(secureText(text)).toContain(
      '        - {name: portworx, image: "portworx/oci-monitor:2.6.0", args: ["-c", "px", "-jwt_issuer", "portworx.com"], env: [{name: PORTWORX_AUTH_JWT_SHAREDSECRET, valueFrom: {secretKeyRef: {name: pxkeys, key: shared-secret}}}, {name: PORTWORX_AUTH_SYSTEM_KEY, valueFrom: {secretKeyRef: {name: pxkeys, key: system-secret}}}, {name: PORTWORX_AUTH_STORK_KEY, valueFrom: {secretKeyRef: {name: pxkeys, key: stork-secret}}}]}\n',
    );
  });

  test('bare pairs in a flow env list (`[name: x]`) are appended after and replaced in place', () => {
    const text = daemonSet(
      [
        '        - name: portworx',
        '          image: portworx/oci-monitor:2.6.0',
        '          env: [name: PORTWORX_AUTH_SYSTEM_KEY, name: PX_TEMPLATE_VERSION]',
        '          args: []',
      ].join('\n'),
    );
    expect(secureText(text, { issuer: 'portworx.com', replace: true })).toContain(
      '          env: [{name: PORTWORX_AUTH_SYSTEM_KEY, valueFrom: {secretKeyRef: {name: pxkeys, key: system-secret}}}, name: PX_TEMPLATE_VERSION, {name: PORTWORX_AUTH_JWT_SHAREDSECRET, valueFrom: {secretKeyRef: {name: pxkeys, key: shared-secret}}}, {name: PORTWORX_AUTH_STORK_KEY, valueFrom: {secretKeyRef: {name: pxkeys, key: stork-secret}}}]\n          args: [-jwt_issuer, portworx.com]\n',
    );
  });

  test('missing or null env: a new env key at the end of the container, or the null line rewritten', () => {
    const missing = daemonSet(
      [
        '        - name: portworx',
        '          image: portworx/oci-monitor:2.6.0',
        '          args: ["-c", "px"]',
        '          securityContext:',
        '            privileged: true',
      ].join('\n'),
    );
    expect(secureText(missing)).toContain(`            privileged: true\n          env:\n${KEY_ENV_BLOCK('            ')}\n      serviceAccountName`);
    for (const nothing of ['env:', 'env: null', 'env: ~']) {
      const text = daemonSet(
        ['        - name: portworx', '          image: portworx/oci-monitor:2.6.0', `          ${nothing}`, '          args: ["-c", "px"]'].join('\n'),
      );
      expect(secureText(text)).toContain(`          env:\n${KEY_ENV_BLOCK('            ')}\n          args: ["-c", "px", "-jwt_issuer", "portworx.com"]\n`);
    }
  });

  test('unindented lists stay unindented', () => {
    const text = daemonSet(
      ['        - name: portworx', '          image: portworx/oci-monitor:2.6.0', '          args:', '          - -c', '          - px'].join('\n'),
    );
    expect(secureText(text)).toContain(`          - portworx.com\n          env:\n${KEY_ENV_BLOCK('          ')}\n`);
  });

  test('no final newline in, none out; CRLF in, CRLF out', () => {
    const text = daemonSet(['        - name: portworx', '          image: portworx/oci-monitor:2.6.0', '          args: ["-c", "px"]'].join('\n')).replace(
      '      serviceAccountName: px-account\n',
      '',
    );
    const noNewline = text.slice(0, -1);
    const secured = secureText(noNewline);
    expect(secured.endsWith('\n')).toBe(false);
    expect(secured.endsWith('                  key: stork-secret')).toBe(true);
    const crlf = secureText(text.replace(/\n/g, '\r\n'));
    expect(crlf.replace(/\r\n/g, '')).not.toContain('\n');
    expect(crlf.replace(/\r\n/g, '\n')).toBe(secureText(text));
  });

  test('a duplicate args key: the last one (the one Kubernetes reads) is patched', () => {
    const text = daemonSet(
      ['        - name: portworx', '          image: portworx/oci-monitor:2.6.0', '          args: ["-c", "old"]', '          args: ["-c", "px"]'].join('\n'),
    );
    const secured = secureSpecText(text, 'spec.yaml', ISSUER);
    expect(secured.text).toContain('          args: ["-c", "old"]\n          args: ["-c", "px", "-jwt_issuer", "portworx.com"]\n');
    expect(secured.report.warnings.map((warning) => warning.code)).toEqual(['SPEC_DUPLICATE_KEY', 'SPEC_STORK_ABSENT']);
  });

  test('a replaced scalar keeps its quotes; a replaced env entry its place', () => {
    const text = daemonSet(
      [
        '        - name: portworx',
        '          image: portworx/oci-monitor:2.6.0',
        "          args: ['-c', 'px', '-jwt_issuer', 'example-domain.com']",
        '          env:',
        '          - name: PORTWORX_AUTH_JWT_SHAREDSECRET',
        '            valueFrom:',
        '              secretKeyRef:',
        '                key: shared-secret',
        '                name: old-keys',
        '          - name: PX_TEMPLATE_VERSION',
        '            value: v4',
      ].join('\n'),
    );
    const secured = secureText(text, { issuer: 'portworx.com', replace: true });
    expect(secured).toContain("          args: ['-c', 'px', '-jwt_issuer', 'portworx.com']\n");
    expect(secured).toContain(
      '          - name: PORTWORX_AUTH_JWT_SHAREDSECRET\n            valueFrom:\n              secretKeyRef:\n                name: pxkeys\n                key: shared-secret\n          - name: PX_TEMPLATE_VERSION\n',
    );
  });

  test("values YAML would misread are quoted: for this parser and for Kubernetes' YAML 1.1 booleans", () => {
    for (const issuer of ['yes', 'on', 'Y', '1.5', '0755', 'null', '~', 'a:', '#x', "it's", '@home', '-', '[x]', 'a,b', '*ref', '"q"']) {
      for (const args of ['          args:\n          - -c', '          args: [-c]']) {
        const text = daemonSet(['        - name: portworx', '          image: portworx/oci-monitor:2.6.0', args].join('\n'));
        const secured = secureText(text, { issuer });
        const read = (parse(secured, { version: '1.1' }) as { spec: { template: { spec: { containers: [{ args: unknown[] }] } } } }).spec.template.spec
          .containers[0].args;
        expect(read).toEqual(['-c', '-jwt_issuer', issuer]);
      }
    }
  });

  test('comments in and around the containers are kept', () => {
    const container = [
      '        # the portworx container',
      '        - name: portworx # keep me',
      '          image: portworx/oci-monitor:2.6.0',
      '          args: ["-c", "px"] # args comment',
      '          env:',
      '          # - name: PX_HTTP_PROXY',
      '            - name: PX_TEMPLATE_VERSION',
      '              value: v4',
      '            # trailing comment in env',
    ].join('\n');
    const secured = secureText(daemonSet(container));
    for (const comment of ['# the portworx container', '# keep me', '# args comment', '# - name: PX_HTTP_PROXY', '# trailing comment in env'])
      expect(secured).toContain(comment);
    expect(secured).toContain(`              value: v4\n${KEY_ENV_BLOCK('            ')}\n            # trailing comment in env\n`);
  });

  test('operator form: spec.security goes at the end of spec, before the next document', () => {
    const text =
      'kind: StorageCluster\napiVersion: core.libopenstorage.org/v1\nmetadata:\n  name: px\n  namespace: portworx\n  annotations:\nspec:\n  image: portworx/oci-monitor:3.1.0\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: portworx\n';
    expect(secureText(text)).toBe(
      'kind: StorageCluster\napiVersion: core.libopenstorage.org/v1\nmetadata:\n  name: px\n  namespace: portworx\n  annotations:\nspec:\n  image: portworx/oci-monitor:3.1.0\n  security:\n    enabled: true\n    auth:\n      selfSigned:\n        issuer: portworx.com\n        sharedSecret: px-shared-secret\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: portworx\n',
    );
    expect(secureText('kind: StorageCluster\napiVersion: core.libopenstorage.org/v1\nmetadata:\n  name: px\nspec:\n')).toBe(
      'kind: StorageCluster\napiVersion: core.libopenstorage.org/v1\nmetadata:\n  name: px\nspec:\n  security:\n    enabled: true\n    auth:\n      selfSigned:\n        issuer: portworx.com\n        sharedSecret: px-shared-secret\n',
    );
  });

  test('a byte order mark before the first key is no indentation', () => {
    const text = '\uFEFFkind: StorageCluster\napiVersion: core.libopenstorage.org/v1\nmetadata:\n  name: px\n';
    expect(secureText(text)).toBe(
      `${text}spec:\n  security:\n    enabled: true\n    auth:\n      selfSigned:\n        issuer: portworx.com\n        sharedSecret: px-shared-secret\n`,
    );
  });

  test('YAML aliases on the way to an edit are refused (editing them would change every use); unused anchors are fine', () => {
    const aliased = daemonSet(
      [
        '        - name: portworx',
        '          image: portworx/oci-monitor:2.6.0',
        '          args: &args ["-c", "px"]',
        '        - name: sidecar',
        '          image: busybox',
        '          args: *args',
      ].join('\n'),
    );
    expect(() => secureSpecText(aliased, 'spec.yaml', ISSUER)).toThrow(
      expect.objectContaining({
        code: 'SPEC_TEXT_UNSUPPORTED',
        message:
          'spec.yaml: spec.template.spec.containers.0.args is a YAML alias (*name), which the text form cannot edit without changing every other use of it: write the aliased value out in full, or use the objects form (secureSpecObjects)',
      }),
    );
    const anchored = daemonSet(['        - name: portworx', '          image: portworx/oci-monitor:2.6.0', '          args: &args ["-c", "px"]'].join('\n'));
    expect(secureText(anchored)).toContain('args: &args ["-c", "px", "-jwt_issuer", "portworx.com"]');
  });
});
