/**
 * The main job: `npm run synth` (or `cdk8s synth`) writes the secured setup to dist/.
 * Keys come from the git-ignored keystore `.pxsec/keystore.json`, created on the first synth and reused after.
 *
 * `PXSEC_SECRET_DELIVERY=sealed npm run synth` seals every key and token Secret as a Bitnami SealedSecret for
 * the test-only controller certificate in `sealing/` (for a real cluster, use its `kubeseal --fetch-cert`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'cdk8s';
import { SecretDelivery, sealedDeliveryFromFile } from '../../lib';
import { PxSealing } from '../../lib/cdk8s';
import { PxExampleChart } from './app';

function secretDeliveryFromEnv(value: string | undefined): SecretDelivery | undefined {
  if (value === undefined || value === '' || value === 'plain') return undefined;
  if (value === 'sealed') return sealedDeliveryFromFile(path.join(__dirname, 'sealing/test-controller-cert.pem'));
  throw new Error(`PXSEC_SECRET_DELIVERY "${value}" is not a delivery this example knows: use plain or sealed`);
}

const app = new App({ outdir: 'dist' });
new PxExampleChart(app, 'px-security', { secretDelivery: secretDeliveryFromEnv(process.env.PXSEC_SECRET_DELIVERY) });
// app.synth(), then save the App's sealing cache (dropping ciphertexts of values no longer sealed).
PxSealing.synth(app);
// Plain manifests hold the keys and tokens: readable by this user only, as the keystore is.
for (const file of fs.readdirSync(app.outdir)) fs.chmodSync(path.join(app.outdir, file), 0o600);
