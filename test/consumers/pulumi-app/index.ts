// A Pulumi program as `pulumi new kubernetes-typescript` lays it out (index.ts, moduleResolution "node").
import { PortworxSpec, ROLES } from 'px-security-constructs';
import { PxSecureCluster, PxStorageClass, PxTenant } from 'px-security-constructs/pulumi';
// Every tool-level entry resolves under this project's module resolution (typesVersions).
import type * as model from 'px-security-constructs/model';
import type * as spec from 'px-security-constructs/spec';
import type * as audit from 'px-security-constructs/audit';
import type * as sealing from 'px-security-constructs/sealing';
import type * as names from 'px-security-constructs/names';
import type * as errors from 'px-security-constructs/errors';
export type ToolEntries = [
  typeof model.planSecureCluster,
  typeof spec.secureSpecText,
  typeof audit.auditBundle,
  typeof sealing.sealSecret,
  typeof names.CSI_PROVISIONER,
  errors.PxErrorCode,
];

const cluster = new PxSecureCluster('portworx', { spec: PortworxSpec.fromFile('px-spec.yaml'), issuer: 'portworx.com' });
new PxTenant('tenant-a', { cluster, namespace: 'tenant-a' });
new PxStorageClass('px-storage', { cluster, name: 'px-storage', repl: 2 });
export const adminToken = cluster.mintToken({ name: 'Storage Administrator', roles: [ROLES.admin], groups: ['*'] }).token;
