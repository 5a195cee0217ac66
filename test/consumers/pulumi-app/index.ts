// A Pulumi program as `pulumi new kubernetes-typescript` lays it out (index.ts, moduleResolution "node").
import { PortworxSpec, ROLES } from 'px-security-constructs';
import { PxSecureCluster, PxStorageClass, PxTenant } from 'px-security-constructs/pulumi';

const cluster = new PxSecureCluster('portworx', { spec: PortworxSpec.fromFile('px-spec.yaml'), issuer: 'portworx.com' });
new PxTenant('tenant-a', { cluster, namespace: 'tenant-a' });
new PxStorageClass('px-storage', { cluster, name: 'px-storage', repl: 2 });
export const adminToken = cluster.mintToken({ name: 'Storage Administrator', roles: [ROLES.admin], groups: ['*'] }).token;
