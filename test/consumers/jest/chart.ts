import { Construct } from 'constructs';
import { Chart, ChartProps } from 'cdk8s';
import { PortworxSpec, ROLES } from 'px-security-constructs';
import { PxSecureCluster, PxStorageClass, PxTenant } from 'px-security-constructs/cdk8s';

/** The user's own chart: a secured Portworx, one tenant, one StorageClass. */
export class PortworxChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);
    const cluster = new PxSecureCluster(this, 'portworx', { spec: PortworxSpec.fromFile(`${__dirname}/px-spec.yaml`), issuer: 'portworx.com' });
    cluster.addTokenSecret('k8s-user', {
      identity: { name: 'Kubernetes', roles: [ROLES.user], groups: ['kubernetes'] },
      namespace: 'kube-system',
    });
    new PxTenant(this, 'tenant-a', { cluster, namespace: 'tenant-a' });
    new PxStorageClass(this, 'px-storage', { cluster, name: 'px-storage', repl: 2 });
  }
}
