/**
 * Child process of the benchmark: synthesizes N tenants with the constructs, or (`baseline`) the same objects as
 * hand-written ApiObjects (read from a JSON file the parent wrote, as a program holds its literals), and prints
 * the process's peak resident memory in MiB.
 */
import { readFileSync } from 'node:fs';
import { generateKeys } from '../lib';
import { buildSecuredChart, synthBaseline } from './cdk8s-synth';

const tenants = Number(process.argv[2] ?? '10000');
const keys = generateKeys();
if (process.argv[3] === 'baseline') {
  const objects = JSON.parse(readFileSync(process.argv[4] ?? '', 'utf8')) as Record<string, unknown>[];
  synthBaseline(objects, keys);
} else {
  buildSecuredChart(tenants, keys).app.synthYaml();
}
process.stdout.write(`${Math.round(process.resourceUsage().maxRSS / 1024)}\n`);
