// Every entry point, as a TypeScript user imports it; type-checked under node16 and bundler resolution.
import { PortworxSpec, ROLES, mintToken } from 'px-security-constructs';
import { PxSecureCluster, PxStorageClass, PxTenant } from 'px-security-constructs/cdk8s';
import * as pulumiComponents from 'px-security-constructs/pulumi';
import { PxTesting, TEST_CLOCK, TEST_KEYS } from 'px-security-constructs/testing';
import * as errorCatalogue from 'px-security-constructs/errors';

export const used: unknown[] = [PortworxSpec, ROLES, mintToken, PxSecureCluster, PxStorageClass, PxTenant, pulumiComponents.PxSecureCluster, PxTesting, TEST_CLOCK, TEST_KEYS, errorCatalogue];
