/**
 * A certificate whose key is not RSA, made with the openssl CLI (a child process), where openssl is installed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readSealingCertificate } from '../../../lib/core/sealing/certificate';
import { caughtPxSecurityError } from '../../support/caught';

const NOW = 1717200000;

const opensslAvailable = spawnSync('openssl', ['version'], { stdio: 'ignore' }).status === 0;
if (!opensslAvailable) console.log('openssl CLI not available: skipping the non-RSA certificate check');
(opensslAvailable ? it : it.skip)('rejects a certificate whose key is not RSA (made with the openssl CLI)', () => {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'pxsec-ec-cert-'));
  try {
    const certificateFile = path.join(directory, 'cert.pem');
    const keyFile = path.join(directory, 'key.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-subj',
        '/CN=ec',
        '-days',
        '1',
        '-keyout',
        keyFile,
        '-out',
        certificateFile,
      ],
      { stdio: 'ignore' },
    );
    const error = caughtPxSecurityError(() => readSealingCertificate(fs.readFileSync(certificateFile, 'utf8'), { now: NOW }));
    expect(error.code).toBe('SEAL_CERT_NOT_RSA');
    expect(error.message).toBe(
      'certificatePem "ec" is not an RSA key; Sealed Secrets seals with RSA-OAEP: pass the controller\'s certificate as printed by "kubeseal --fetch-cert"',
    );
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
});
