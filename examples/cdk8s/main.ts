/**
 * The main job: `npm run synth` (or `cdk8s synth`) writes the secured setup to dist/.
 * Keys come from the git-ignored keystore `.pxsec/keystore.json`, created on the first synth and reused after.
 */
import { App } from 'cdk8s';
import { PxExampleChart } from './app';

const app = new App({ outdir: 'dist' });
new PxExampleChart(app, 'px-security');
app.synth();
