import { parseSpec } from '../../../lib/core/yaml/documents';

const SERVICE_ACCOUNT = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: px-account\n  namespace: kube-system\n';

describe('parseSpec', () => {
  test('accepts what real specs contain: # SOURCE line, no leading ---, comments, whitespace-only lines, empty and commented-out documents, no final newline', () => {
    const text = [
      '# SOURCE: https://install.portworx.com/?c=px',
      SERVICE_ACCOUNT.trimEnd(),
      '---',
      '---',
      '   ',
      '# ---',
      '# kind: Deployment',
      '---',
      'kind: ConfigMap # trailing comment',
      'apiVersion: v1',
      'metadata:',
      '  name: px-config',
      '  labels:',
      '  annotations: ~',
      'data:',
      '  empty: ""',
      '...',
      '---',
      'apiVersion: v1',
      'kind: Namespace',
      'metadata:',
      '  name: portworx',
    ].join('\n');
    const parsed = parseSpec(text, 'spec.yaml');
    expect(parsed).toEqual({
      file: 'spec.yaml',
      warnings: [],
      objects: [
        { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'px-account', namespace: 'kube-system' } },
        { kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'px-config', labels: null, annotations: null }, data: { empty: '' } },
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'portworx' } },
      ],
    });
  });

  test('an empty file and a comment-only file hold no objects', () => {
    expect(parseSpec('', 'empty.yaml').objects).toEqual([]);
    expect(parseSpec('# nothing here\n---\n# ---\n', 'comments.yaml').objects).toEqual([]);
  });

  test('duplicate keys keep the last value, as Kubernetes does, with one warning per duplicate and its line', () => {
    const text = `${SERVICE_ACCOUNT}---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: px-lighthouse\nspec:\n  selector:\n    matchLabels: {tier: old}\n  replicas: 1\n  selector:\n    matchLabels: {tier: new}\n  replicas: 2\n`;
    const parsed = parseSpec(text, 'dup.yaml');
    expect(parsed.objects[1]).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'px-lighthouse' },
      spec: { selector: { matchLabels: { tier: 'new' } }, replicas: 2 },
    });
    expect(parsed.warnings).toEqual([
      {
        code: 'SPEC_DUPLICATE_KEY',
        message: 'dup.yaml:15:3: key "selector" appears twice in one mapping; the last value is kept, as Kubernetes does',
        line: 15,
        document: 2,
      },
      {
        code: 'SPEC_DUPLICATE_KEY',
        message: 'dup.yaml:17:3: key "replicas" appears twice in one mapping; the last value is kept, as Kubernetes does',
        line: 17,
        document: 2,
      },
    ]);
  });

  test('invalid YAML is SPEC_INVALID_YAML naming file, line and column, without the offending source text', () => {
    const text = `${SERVICE_ACCOUNT}---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: leaky\ndata:  token: c2VjcmV0LXZhbHVl\n`;
    expect(() => parseSpec(text, 'bad.yaml')).toThrow(
      expect.objectContaining({
        code: 'SPEC_INVALID_YAML',
        message: 'bad.yaml:11:8 is not valid YAML (a nested mapping where a single value was expected): correct the YAML at line 11, column 8 and run again',
      }),
    );
    try {
      parseSpec(text, 'bad.yaml');
    } catch (error) {
      expect((error as Error).message).not.toContain('c2VjcmV0LXZhbHVl');
    }
  });

  test('an unterminated quote names where the parser noticed it (the end of the file)', () => {
    expect(() => parseSpec('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "px\n', 'quote.yaml')).toThrow(
      expect.objectContaining({
        code: 'SPEC_INVALID_YAML',
        message:
          'quote.yaml:5:1 is not valid YAML (a missing character (an unclosed quote or bracket, or a missing indentation indicator)): correct the YAML at line 5, column 1 and run again',
      }),
    );
  });

  test('a document that is not a mapping is SPEC_NOT_AN_OBJECT with its line', () => {
    expect(() => parseSpec(`${SERVICE_ACCOUNT}---\n- just\n- a list\n`, 'list.yaml')).toThrow(
      expect.objectContaining({
        code: 'SPEC_NOT_AN_OBJECT',
        message:
          'list.yaml:7 holds a YAML document that is not a Kubernetes object (a mapping with apiVersion and kind): remove that document, or comment it out',
      }),
    );
  });

  test('CRLF line endings parse like LF', () => {
    expect(parseSpec(SERVICE_ACCOUNT.replace(/\n/g, '\r\n'), 'crlf.yaml').objects).toEqual(parseSpec(SERVICE_ACCOUNT, 'lf.yaml').objects);
  });
});
