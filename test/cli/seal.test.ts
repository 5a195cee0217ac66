import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { runPxsec } from '../../lib/cli/main';
import { CliIO } from '../../lib/cli/io';
import { SealedSecretObject, encryptionLabel } from '../../lib/core/sealing/sealed-secret';
import { validateKubernetesObject } from '../support/kube-schema';
import { ControllerKeys, makeControllerKeys, openWithForge, openWithNodeCrypto } from '../core/sealing/controller-keys';
import { defined, definedAt } from '../support/defined';

const TOKEN = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ0ZW5hbnQtYSJ9.c2lnbmF0dXJl';
const SHARED = 'Shared-secret-value-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEF';

const SECRETS_YAML = `# two Secrets, as a spec author writes them
apiVersion: v1
kind: Secret
metadata:
  name: pxkeys
  namespace: kube-system
type: Opaque
data:
  shared-secret: ${Buffer.from(SHARED).toString('base64')}
---
apiVersion: v1
kind: Secret
metadata:
  name: px-k8s-user
  namespace: tenant-a-ns
  labels:
    tenant: a
stringData:
  auth-token: ${TOKEN}
`;

interface Run {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

describe('pxsec seal', () => {
  let controller: ControllerKeys;
  let directory: string;

  beforeAll(() => {
    controller = makeControllerKeys();
  });
  beforeEach(() => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'pxsec-seal-'));
    fs.writeFileSync(path.join(directory, 'cert.pem'), controller.certificatePem);
    fs.writeFileSync(path.join(directory, 'key.pem'), controller.privateKeyPem);
    fs.writeFileSync(path.join(directory, 'secrets.yaml'), SECRETS_YAML);
  });
  afterEach(() => fs.rmSync(directory, { recursive: true, force: true }));

  async function pxsec(args: readonly string[], stdin = ''): Promise<Run> {
    let out = '';
    let err = '';
    const io: CliIO = { out: (text) => void (out += text), err: (text) => void (err += text), readStdin: async () => stdin, env: {}, cwd: directory };
    const code = await runPxsec(args, io);
    return { code, out, err };
  }

  function sealedObjects(yamlText: string): SealedSecretObject[] {
    return parseAllDocuments(yamlText).map((document) => document.toJS() as SealedSecretObject);
  }

  /** The keys Secret and the token Secret, sealed in that order. */
  function twoSealed(objects: SealedSecretObject[]): [SealedSecretObject, SealedSecretObject] {
    expect(objects).toHaveLength(2);
    return [definedAt(objects, 0, 'sealed objects'), definedAt(objects, 1, 'sealed objects')];
  }

  function openAll(sealed: SealedSecretObject, label: Buffer): Record<string, string> {
    return Object.fromEntries(
      Object.entries(sealed.spec.encryptedData).map(([key, value]) => {
        const plaintext = openWithNodeCrypto(controller.privateKey, value, label).toString('utf8');
        expect(openWithForge(controller.privateKeyPem, value, label).toString('utf8')).toBe(plaintext);
        return [key, plaintext];
      }),
    );
  }

  it('prints one SealedSecret per Secret, with data and stringData sealed', async () => {
    const run = await pxsec(['seal', 'secrets.yaml', '--cert', 'cert.pem']);
    expect(run).toMatchObject({ code: 0, err: '' });
    expect(run.out).not.toContain(TOKEN);
    expect(run.out).not.toContain(SHARED);
    const [keys, token] = twoSealed(sealedObjects(run.out));
    expect(keys.metadata).toEqual({ name: 'pxkeys', namespace: 'kube-system' });
    expect(openAll(keys, encryptionLabel('strict', 'kube-system', 'pxkeys'))).toEqual({ 'shared-secret': SHARED });
    expect(token.spec.template).toEqual({ metadata: { name: 'px-k8s-user', namespace: 'tenant-a-ns', labels: { tenant: 'a' } }, type: 'Opaque' });
    expect(openAll(token, encryptionLabel('strict', 'tenant-a-ns', 'px-k8s-user'))).toEqual({ 'auth-token': TOKEN });
    [keys, token].forEach(validateKubernetesObject);
  });

  it("warns, and still seals, with the repository's test certificate (its private key is published)", async () => {
    fs.copyFileSync(path.join(__dirname, '../../examples/cdk8s/sealing/test-controller-cert.pem'), path.join(directory, 'test-cert.pem'));
    const run = await pxsec(['seal', 'secrets.yaml', '--cert', 'test-cert.pem']);
    expect(run.code).toBe(0);
    expect(run.err).toBe(
      'pxsec: warning: SEAL_CERT_TEST_ONLY: --cert test-cert.pem is the test sealing certificate of px-security-constructs, whose private key is published: ' +
        "anyone can open what it seals: seal with your controller's own certificate: kubeseal --fetch-cert > cert.pem\n",
    );
    expect(sealedObjects(run.out)).toHaveLength(2);
    // The controller's own certificate: no warning.
    expect((await pxsec(['seal', 'secrets.yaml', '--cert', 'cert.pem'])).err).toBe('');
  });

  it('reads standard input with "-" and lets stringData win over data for the same key', async () => {
    const stdin = `apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: n}\ndata: {k: ${Buffer.from('old').toString('base64')}}\nstringData: {k: new}\n`;
    const run = await pxsec(['seal', '-', '--cert', 'cert.pem'], stdin);
    expect(run.code).toBe(0);
    expect(openAll(definedAt(sealedObjects(run.out), 0, 'sealed objects'), encryptionLabel('strict', 'n', 's'))).toEqual({ k: 'new' });
  });

  it.each(['namespace-wide', 'cluster-wide'] as const)('seals with --scope %s', async (scope) => {
    const run = await pxsec(['seal', 'secrets.yaml', '--cert', 'cert.pem', '--scope', scope]);
    expect(run.code).toBe(0);
    const [, token] = twoSealed(sealedObjects(run.out));
    expect(token.metadata.annotations).toEqual({ [`sealedsecrets.bitnami.com/${scope}`]: 'true' });
    expect(token.spec.template.metadata.annotations).toEqual({ [`sealedsecrets.bitnami.com/${scope}`]: 'true' });
    expect(openAll(token, encryptionLabel(scope, 'tenant-a-ns', 'px-k8s-user'))).toEqual({ 'auth-token': TOKEN });
    expect(() =>
      openWithNodeCrypto(
        controller.privateKey,
        defined(token.spec.encryptedData['auth-token'], 'auth-token ciphertext'),
        encryptionLabel('strict', 'tenant-a-ns', 'px-k8s-user'),
      ),
    ).toThrow();
  });

  it("without --scope, takes each Secret's own scope annotation, as kubeseal does", async () => {
    const stdin = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n  namespace: n\n  annotations:\n    sealedsecrets.bitnami.com/namespace-wide: "true"\nstringData: {k: v}\n`;
    const run = await pxsec(['seal', '-', '--cert', 'cert.pem'], stdin);
    const sealed = definedAt(sealedObjects(run.out), 0, 'sealed objects');
    expect(sealed.metadata.annotations).toEqual({ 'sealedsecrets.bitnami.com/namespace-wide': 'true' });
    expect(openAll(sealed, encryptionLabel('namespace-wide', 'n', 's'))).toEqual({ k: 'v' });
  });

  it('writes -o atomically, mode 0644, and leaves the input alone', async () => {
    const run = await pxsec(['seal', 'secrets.yaml', '--cert', 'cert.pem', '-o', 'sealed.yaml']);
    expect(run).toEqual({ code: 0, out: '', err: 'pxsec seal: wrote 2 SealedSecrets to sealed.yaml\n' });
    expect(fs.statSync(path.join(directory, 'sealed.yaml')).mode & 0o777).toBe(0o644);
    expect(fs.readFileSync(path.join(directory, 'secrets.yaml'), 'utf8')).toBe(SECRETS_YAML);
    expect(fs.readdirSync(directory).sort()).toEqual(['cert.pem', 'key.pem', 'sealed.yaml', 'secrets.yaml']);
    expect(sealedObjects(fs.readFileSync(path.join(directory, 'sealed.yaml'), 'utf8'))).toHaveLength(2);
  });

  it('replaces the input only when -o names it', async () => {
    const run = await pxsec(['seal', 'secrets.yaml', '--cert', 'cert.pem', '-o', 'secrets.yaml']);
    expect(run.code).toBe(0);
    const written = fs.readFileSync(path.join(directory, 'secrets.yaml'), 'utf8');
    expect(written).not.toContain(TOKEN);
    expect(sealedObjects(written).map((object) => object.kind)).toEqual(['SealedSecret', 'SealedSecret']);
  });

  it('with --cache, prints byte-identical output for unchanged values and re-seals a changed one', async () => {
    const first = await pxsec(['seal', 'secrets.yaml', '--cert', 'cert.pem', '--cache', '.pxsec/sealed-cache.json']);
    const second = await pxsec(['seal', 'secrets.yaml', '--cert', 'cert.pem', '--cache', '.pxsec/sealed-cache.json']);
    expect(first.code).toBe(0);
    expect(second.out).toBe(first.out);
    expect(fs.statSync(path.join(directory, '.pxsec/sealed-cache.json')).mode & 0o777).toBe(0o600);

    fs.writeFileSync(path.join(directory, 'secrets.yaml'), SECRETS_YAML.replace(TOKEN, `${TOKEN}x`));
    const third = await pxsec(['seal', 'secrets.yaml', '--cert', 'cert.pem', '--cache', '.pxsec/sealed-cache.json']);
    const [keysBefore, tokenBefore] = twoSealed(sealedObjects(first.out));
    const [keysAfter, tokenAfter] = twoSealed(sealedObjects(third.out));
    expect(keysAfter).toEqual(keysBefore);
    expect(tokenAfter.spec.encryptedData['auth-token']).not.toBe(tokenBefore.spec.encryptedData['auth-token']);
    expect(openAll(tokenAfter, encryptionLabel('strict', 'tenant-a-ns', 'px-k8s-user'))).toEqual({ 'auth-token': `${TOKEN}x` });

    // Sealing another file with the same cache keeps this file's entries (no pruning from the CLI).
    await pxsec(
      ['seal', '-', '--cert', 'cert.pem', '--cache', '.pxsec/sealed-cache.json'],
      'apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: n}\nstringData: {k: v}\n',
    );
    const fourth = await pxsec(['seal', 'secrets.yaml', '--cert', 'cert.pem', '--cache', '.pxsec/sealed-cache.json']);
    expect(fourth.out).toBe(third.out);
  });

  it('with --cache, writes each new ciphertext once: bytes written grow linearly with the Secrets, the cache file is replaced twice whatever their number', async () => {
    // Counted, not timed: the quadratic cache rewrote the whole file for each new ciphertext (3,000 Secrets: 81 s).
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the real module object, which the library's calls go through
    const realFs = require('node:fs') as typeof fs;
    const sealWithCache = async (count: number): Promise<{ bytes: number; cacheReplaced: number }> => {
      const secrets = Array.from(
        { length: count },
        (_, i) => `apiVersion: v1\nkind: Secret\nmetadata: {name: s${i}, namespace: n}\nstringData: {token: value-${i}}\n`,
      ).join('---\n');
      fs.writeFileSync(path.join(directory, `secrets-${count}.yaml`), secrets);
      const cache = path.join(directory, `cache-${count}.json`);
      const writes = jest.spyOn(realFs, 'writeSync');
      const renames = jest.spyOn(realFs, 'renameSync');
      try {
        const run = await pxsec(['seal', `secrets-${count}.yaml`, '--cert', 'cert.pem', '--cache', `cache-${count}.json`]);
        expect(run.code).toBe(0);
        const bytes = writes.mock.calls.reduce(
          (sum, call) =>
            sum + (typeof call[1] === 'string' ? Buffer.byteLength(call[1]) : typeof call[3] === 'number' ? call[3] : (call[1] as Uint8Array).length),
          0,
        );
        return { bytes, cacheReplaced: renames.mock.calls.filter((call) => call[1] === cache).length };
      } finally {
        writes.mockRestore();
        renames.mockRestore();
      }
    };
    const small = await sealWithCache(20);
    const large = await sealWithCache(60);
    expect(Object.keys((JSON.parse(fs.readFileSync(path.join(directory, 'cache-60.json'), 'utf8')) as { entries: object }).entries)).toHaveLength(60);
    expect(large.bytes / small.bytes).toBeLessThan(3.6); // linear: 3; a rewrite per ciphertext: about 9
    expect([small.cacheReplaced, large.cacheReplaced]).toEqual([2, 2]); // created (its HMAC key), then saved once
  });

  describe('errors (exit 2, never a value)', () => {
    it('names a document that is not a Secret', async () => {
      const stdin = `${SECRETS_YAML}---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: stork, namespace: kube-system}\n`;
      const run = await pxsec(['seal', '-', '--cert', 'cert.pem'], stdin);
      expect(run).toEqual({
        code: 2,
        out: '',
        err: 'pxsec: error SEAL_INPUT_NOT_SECRET: -: document 3 (apps/v1 Deployment stork) is not a v1 Secret: pass only Secrets to pxsec seal (split other objects out of the file)\n',
      });
    });

    it('gives only the position of a YAML error, not the line (it may hold a value)', async () => {
      const stdin = `apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: n}\nstringData:\n  auth-token: ${TOKEN}\n   bad: [indent\n`;
      const run = await pxsec(['seal', '-', '--cert', 'cert.pem'], stdin);
      expect(run.code).toBe(2);
      expect(run.err).toMatch(
        /^pxsec: error SEAL_INPUT_INVALID: -: document 1 is not valid YAML \([a-z ,()]+ at line \d+, column \d+\): fix the YAML there \(quote values that start with \*, !, &, @, % or a quote\)\n$/,
      );
      expect(run.err).not.toContain(TOKEN);
    });

    it('names a data value that is not base64 by its key only', async () => {
      const stdin = `apiVersion: v1\nkind: Secret\nmetadata: {name: px-k8s-user, namespace: portworx}\ndata:\n  auth-token: ${TOKEN}\n`;
      const run = await pxsec(['seal', '-', '--cert', 'cert.pem'], stdin);
      expect(run).toEqual({
        code: 2,
        out: '',
        err: 'pxsec: error SEAL_SECRET_DATA_INVALID: Secret portworx/px-k8s-user: data.auth-token is not standard base64: put base64 values in data (or plain text in stringData)\n',
      });
    });

    it('names a value that is not a string by its key and type only', async () => {
      const stdin = 'apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: n}\nstringData:\n  pin: 918273645\n';
      const run = await pxsec(['seal', '-', '--cert', 'cert.pem'], stdin);
      expect(run.err).toBe('pxsec: error SEAL_INPUT_INVALID: -: document 1 (Secret s): stringData.pin is a number, not a string: quote the value\n');
      expect(run.err).not.toContain('918273645');
    });

    it('refuses an empty Secret, a Secret without namespace, and a file without Secrets', async () => {
      const empty = await pxsec(['seal', '-', '--cert', 'cert.pem'], 'apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: n}\n');
      expect(empty.err).toBe(
        'pxsec: error SEAL_SECRET_EMPTY: -: document 1 (Secret s) has no data and no stringData: add the values to seal (kubeseal refuses an empty Secret too)\n',
      );
      const noNamespace = await pxsec(['seal', '-', '--cert', 'cert.pem'], 'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {k: v}\n');
      expect(noNamespace.err).toBe(
        'pxsec: error SEAL_NAMESPACE_MISSING: Secret s: metadata.namespace is missing; the strict scope binds the ciphertext to a namespace: set metadata.namespace, or seal with the cluster-wide scope\n',
      );
      const nothing = await pxsec(['seal', '-', '--cert', 'cert.pem'], '# nothing here\n');
      expect(nothing.err).toBe('pxsec: error SEAL_INPUT_EMPTY: - holds no Secret: pass a file with at least one v1 Secret\n');
      expect([empty.code, noNamespace.code, nothing.code]).toEqual([2, 2, 2]);
    });

    it('refuses a private key passed as --cert without printing it', async () => {
      const run = await pxsec(['seal', 'secrets.yaml', '--cert', 'key.pem']);
      expect(run).toEqual({
        code: 2,
        out: '',
        err: 'pxsec: error SEAL_CERT_INVALID: --cert key.pem holds a private key, not a certificate: pass the controller\'s certificate as printed by "kubeseal --fetch-cert"\n',
      });
    });

    it('names unreadable files', async () => {
      const noCert = await pxsec(['seal', 'secrets.yaml', '--cert', 'missing.pem']);
      expect(noCert.err).toBe('pxsec: error SEAL_CERT_UNREADABLE: --cert "missing.pem" cannot be read (ENOENT): give the path of a readable file\n');
      const noInput = await pxsec(['seal', 'missing.yaml', '--cert', 'cert.pem']);
      expect(noInput.err).toBe('pxsec: error SEAL_INPUT_UNREADABLE: SECRET_FILE "missing.yaml" cannot be read (ENOENT): give the path of a readable file\n');
      const noDirectory = await pxsec(['seal', 'secrets.yaml', '--cert', 'cert.pem', '-o', 'no/such/dir/out.yaml']);
      expect(noDirectory.err).toBe(
        `pxsec: error SEAL_OUTPUT_UNWRITABLE: --output "no/such/dir/out.yaml" cannot be written (ENOENT): give a path in an existing directory you can write to; nothing was changed\n`,
      );
      expect([noCert.code, noInput.code, noDirectory.code]).toEqual([2, 2, 2]);
    });

    it('requires --cert and a known --scope', async () => {
      const noCert = await pxsec(['seal', 'secrets.yaml']);
      expect(noCert.code).toBe(2);
      expect(noCert.err).toContain("error: required option '--cert <cert-pem>' not specified");
      const badScope = await pxsec(['seal', 'secrets.yaml', '--cert', 'cert.pem', '--scope', 'global']);
      expect(badScope.code).toBe(2);
      expect(badScope.err).toContain("error: option '--scope <scope>' argument 'global' is invalid. Allowed choices are strict, namespace-wide, cluster-wide.");
    });
  });
});
