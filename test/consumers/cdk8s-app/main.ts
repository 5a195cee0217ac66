// A cdk8s app as `cdk8s init typescript-app` lays it out, securing the Portworx spec it ships with.
import { Construct } from 'constructs';
import { App, Chart, ChartProps } from 'cdk8s';
import { PortworxSpec, ROLES } from 'px-security-constructs';
import { PxSecureCluster, PxStorageClass, PxTenant } from 'px-security-constructs/cdk8s';
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

export class MyChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    const cluster = new PxSecureCluster(this, 'portworx', {
      spec: PortworxSpec.fromFile('px-spec.yaml'),
      issuer: 'portworx.com',
    });
    cluster.addTokenSecret('k8s-user', {
      identity: { name: 'Kubernetes', roles: [ROLES.user], groups: ['kubernetes'] },
      namespace: 'kube-system',
    });
    new PxTenant(this, 'tenant-a', { cluster, namespace: 'tenant-a', identity: { groups: ['developers'] } });
    new PxStorageClass(this, 'px-storage', { cluster, name: 'px-storage', repl: 2 });
  }
}

const app = new App();
new MyChart(app, 'px-consumer');
app.synth();
