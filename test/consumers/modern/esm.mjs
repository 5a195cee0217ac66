// A plain ES module consumer: default and named imports of every entry point, then a synth.
import core, { PortworxSpec, ROLES } from 'px-security-constructs';
import { PxSecureCluster, PxStorageClass, PxTenant } from 'px-security-constructs/cdk8s';
import * as pulumiComponents from 'px-security-constructs/pulumi';
import * as testing from 'px-security-constructs/testing';
import * as errorCatalogue from 'px-security-constructs/errors';
import { planSecureCluster } from 'px-security-constructs/model';
import { secureSpecText } from 'px-security-constructs/spec';
import { auditBundle } from 'px-security-constructs/audit';
import { sealSecret } from 'px-security-constructs/sealing';
import { CSI_PROVISIONER } from 'px-security-constructs/names';
import { Chart, Testing } from 'cdk8s';

for (const [name, value] of Object.entries({
  PortworxSpec,
  ROLES,
  PxSecureCluster,
  PxStorageClass,
  PxTenant,
  core,
  pulumi: pulumiComponents.PxSecureCluster,
  testing: testing.PxTesting,
  errors: errorCatalogue,
  planSecureCluster,
  secureSpecText,
  auditBundle,
  sealSecret,
  CSI_PROVISIONER,
})) {
  if (value === undefined) throw new Error(`${name} is undefined when imported from an ES module`);
}

// A test app: TEST_KEYS are refused in a plain App (KEYS_TEST_ONLY).
const chart = new Chart(testing.PxTesting.app(), 'esm');
const cluster = new PxSecureCluster(chart, 'portworx', { issuer: 'portworx.com', keys: testing.TEST_KEYS, clock: testing.TEST_CLOCK });
new PxTenant(chart, 'tenant-a', { cluster, namespace: 'tenant-a' });
new PxStorageClass(chart, 'px-storage', { cluster, name: 'px-storage', repl: 1 });
const kinds = Testing.synth(chart)
  .map((object) => object.kind)
  .sort();
if (!kinds.includes('StorageClass') || !kinds.includes('Namespace')) throw new Error(`unexpected synth: ${kinds.join(', ')}`);
console.log(`esm: ${kinds.length} objects (${[...new Set(kinds)].join(', ')})`);
