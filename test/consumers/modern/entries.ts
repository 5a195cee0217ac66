// Every entry point, as a TypeScript user imports it; type-checked under node16 and bundler resolution.
import { PortworxSpec, ROLES, mintToken } from 'px-security-constructs';
import { PxSecureCluster, PxStorageClass, PxTenant } from 'px-security-constructs/cdk8s';
import * as pulumiComponents from 'px-security-constructs/pulumi';
import { PxTesting, TEST_CLOCK, TEST_KEYS } from 'px-security-constructs/testing';
import * as errorCatalogue from 'px-security-constructs/errors';
import { planSecureCluster } from 'px-security-constructs/model';
import { secureSpecText } from 'px-security-constructs/spec';
import { auditBundle, bundleFromTexts } from 'px-security-constructs/audit';
import { sealSecret } from 'px-security-constructs/sealing';
import { CSI_PROVISIONER } from 'px-security-constructs/names';

export const used: unknown[] = [
  PortworxSpec,
  ROLES,
  mintToken,
  PxSecureCluster,
  PxStorageClass,
  PxTenant,
  pulumiComponents.PxSecureCluster,
  PxTesting,
  TEST_CLOCK,
  TEST_KEYS,
  errorCatalogue,
  planSecureCluster,
  secureSpecText,
  auditBundle,
  bundleFromTexts,
  sealSecret,
  CSI_PROVISIONER,
];
