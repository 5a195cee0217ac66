/**
 * Child process of the benchmark: synthesizes N tenants with the constructs, or (`hand-written`) the same objects
 * written as literals by the hand-written program, and prints the process's peak resident memory in MiB.
 */
import { generateKeys } from '../lib';
import { buildSecuredChart, handWrittenCluster, synthHandWritten } from './cdk8s-synth';

const tenants = Number(process.argv[2] ?? '10000');
const keys = generateKeys();
if (process.argv[3] === 'hand-written') {
  // The cluster's own dozen objects are taken from the constructs; every tenant's are written by hand.
  synthHandWritten(handWrittenCluster(keys), tenants, keys);
} else {
  buildSecuredChart(tenants, keys).app.synthYaml();
}
process.stdout.write(`${Math.round(process.resourceUsage().maxRSS / 1024)}\n`);
