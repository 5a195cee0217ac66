/**
 * A third opener: a Go program using the same standard-library calls as the Sealed Secrets controller
 * (crypto/rsa DecryptOAEP with SHA-256, crypto/cipher GCM with a zero nonce), written here from the documented
 * format. Skips when the `go` toolchain is absent.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SEALING_SCOPES, encryptionLabel, sealSecret } from '../../../lib/core/sealing/sealed-secret';
import { opaqueSecret } from '../../../lib/core/cluster/secrets';
import { ControllerKeys, makeControllerKeys } from './controller-keys';
import { defined } from '../../support/defined';

const NOW = 1717200000;

const OPENER_GO = `package main

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/binary"
	"encoding/pem"
	"fmt"
	"os"
)

// usage: opener KEY_PEM_FILE LABEL_BASE64 SEALED_BASE64; prints the plaintext.
func main() {
	keyPem, err := os.ReadFile(os.Args[1])
	fail(err)
	block, _ := pem.Decode(keyPem)
	parsed, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	fail(err)
	label, err := base64.StdEncoding.DecodeString(os.Args[2])
	fail(err)
	sealed, err := base64.StdEncoding.DecodeString(os.Args[3])
	fail(err)
	rsaLength := int(binary.BigEndian.Uint16(sealed))
	sessionKey, err := rsa.DecryptOAEP(sha256.New(), nil, parsed.(*rsa.PrivateKey), sealed[2:2+rsaLength], label)
	fail(err)
	block2, err := aes.NewCipher(sessionKey)
	fail(err)
	gcm, err := cipher.NewGCM(block2)
	fail(err)
	plaintext, err := gcm.Open(nil, make([]byte, gcm.NonceSize()), sealed[2+rsaLength:], nil)
	fail(err)
	os.Stdout.Write(plaintext)
}

func fail(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
`;

function goAvailable(): boolean {
  return spawnSync('go', ['version'], { stdio: 'ignore' }).status === 0;
}

describe("sealed values open with Go (the controller's crypto/rsa and crypto/cipher)", () => {
  const available = goAvailable();
  let directory: string;
  let opener: string;
  let keyFile: string;
  let controller: ControllerKeys;

  beforeAll(() => {
    if (!available) {
      console.log('go toolchain not available: skipping the Go opener');
      return;
    }
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'pxsec-go-opener-'));
    fs.writeFileSync(path.join(directory, 'opener.go'), OPENER_GO);
    opener = path.join(directory, 'opener');
    execFileSync('go', ['build', '-o', opener, path.join(directory, 'opener.go')], {
      env: { ...process.env, GO111MODULE: 'off', GOCACHE: path.join(directory, 'cache'), GOFLAGS: '' },
      stdio: 'pipe',
    });
    controller = makeControllerKeys();
    keyFile = path.join(directory, 'key.pem');
    fs.writeFileSync(keyFile, controller.privateKeyPem);
  }, 120_000);
  afterAll(() => {
    if (directory) fs.rmSync(directory, { recursive: true, force: true });
  });

  (available ? it : it.skip).each(SEALING_SCOPES)('opens the %s scope, and not under another label', (scope) => {
    const token = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.e30.c2ln';
    const sealed = sealSecret(opaqueSecret({ name: 'px-k8s-user', namespace: 'tenant-a-ns' }, { 'auth-token': token }), {
      certificatePem: controller.certificatePem,
      scope,
      now: NOW,
    });
    const ciphertext = defined(sealed.spec.encryptedData['auth-token'], 'auth-token ciphertext');
    const label = encryptionLabel(scope, 'tenant-a-ns', 'px-k8s-user').toString('base64');
    expect(execFileSync(opener, [keyFile, label, ciphertext]).toString('utf8')).toBe(token);
    const wrong = encryptionLabel(scope === 'strict' ? 'namespace-wide' : 'strict', 'tenant-a-ns', 'px-k8s-user').toString('base64');
    expect(spawnSync(opener, [keyFile, wrong, ciphertext]).status).toBe(1);
  });
});
