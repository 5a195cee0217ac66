/**
 * Child process of the benchmark: synthesizes N tenants and prints the process's peak resident memory in MiB.
 */
import { generateKeys } from '../lib/core';
import { buildSecuredChart } from './cdk8s-synth';

const tenants = Number(process.argv[2] ?? '10000');
buildSecuredChart(tenants, generateKeys()).app.synthYaml();
process.stdout.write(`${Math.round(process.resourceUsage().maxRSS / 1024)}\n`);
