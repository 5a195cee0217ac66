import { CSI_SECRET_PARAMS, IN_TREE_AUTH_PARAMS, PVC_NAMESPACE_TEMPLATE } from '../../lib/core/names';
import { PortworxStorageClassProps, StorageClassObject, portworxStorageClass, requiredTokenSecret } from '../../lib/core/classes/storage-class';
import { checkStorageClassAuthParameters } from '../../lib/core/classes/storage-class-auth';
import { validateKubernetesObject } from '../support/kube-schema';
import { caughtPxSecurityError } from '../support/caught';

/** Builds a class and checks it against the Kubernetes schema: every emitted object goes through here. */
function emit(props: PortworxStorageClassProps, field = 'PxStorageClass sc'): StorageClassObject {
  const object = portworxStorageClass(props, { field });
  validateKubernetesObject(object);
  return object;
}

/** Props whose invalid values only a JavaScript caller (or a cast) can pass. */
function untyped(props: Record<string, unknown>): PortworxStorageClassProps {
  return props as unknown as PortworxStorageClassProps;
}

const CSI_AUTH_KEYS = Object.values(CSI_SECRET_PARAMS).flatMap((pair) => [pair.name, pair.namespace]);

describe("portworxStorageClass: the Portworx docs' classes", () => {
  it('builds the in-tree px-storage-repl-1 with the fixed portworx/px-k8s-user token (section 9 step 5)', () => {
    const object = emit({
      name: 'px-storage-repl-1',
      provisioner: 'in-tree',
      repl: 1,
      token: { kind: 'fixed', secretName: 'px-k8s-user', namespace: 'portworx' },
    });
    expect(object.provisioner).toBe('kubernetes.io/portworx-volume');
    expect(object.parameters).toEqual({
      'openstorage.io/auth-secret-name': 'px-k8s-user',
      'openstorage.io/auth-secret-namespace': 'portworx',
      repl: '1',
    });
    expect(object.allowVolumeExpansion).toBe(true);
    expect(object.metadata).toEqual({ name: 'px-storage-repl-1' });
    expect(checkStorageClassAuthParameters(object.provisioner, object.parameters)).toEqual([]);
  });

  it('builds the multi-tenant CSI px-storage: all three operations read px-k8s-user from ${pvc.namespace} (section 9 step 6)', () => {
    const object = emit({ name: 'px-storage', repl: 1 });
    expect(object.provisioner).toBe('pxd.portworx.com');
    expect(object.parameters).toEqual({
      'csi.storage.k8s.io/controller-expand-secret-name': 'px-k8s-user',
      'csi.storage.k8s.io/controller-expand-secret-namespace': '${pvc.namespace}',
      'csi.storage.k8s.io/node-publish-secret-name': 'px-k8s-user',
      'csi.storage.k8s.io/node-publish-secret-namespace': '${pvc.namespace}',
      'csi.storage.k8s.io/provisioner-secret-name': 'px-k8s-user',
      'csi.storage.k8s.io/provisioner-secret-namespace': '${pvc.namespace}',
      repl: '1',
    });
    expect(checkStorageClassAuthParameters(object.provisioner, object.parameters)).toEqual([]);
  });
});

describe('portworxStorageClass: output', () => {
  it('writes the whole object with fixed key order and the Kubernetes defaults', () => {
    const object = emit({ name: 'px-storage' });
    expect(Object.keys(object)).toEqual([
      'apiVersion',
      'kind',
      'metadata',
      'provisioner',
      'parameters',
      'allowVolumeExpansion',
      'reclaimPolicy',
      'volumeBindingMode',
    ]);
    expect(object.apiVersion).toBe('storage.k8s.io/v1');
    expect(object.kind).toBe('StorageClass');
    expect(object.reclaimPolicy).toBe('Delete');
    expect(object.volumeBindingMode).toBe('Immediate');
    expect(object.metadata).not.toHaveProperty('namespace');
  });

  it('writes every typed parameter as the string Portworx reads, sorted by key with the escape hatch', () => {
    const object = emit({
      name: 'px-db',
      repl: 3,
      ioProfile: 'db_remote',
      priorityIo: 'high',
      secure: true,
      sharedv4: false,
      fs: 'xfs',
      parameters: { snap_interval: '60', aggregation_level: '2' },
      token: { kind: 'none' },
    });
    expect(object.parameters).toEqual({
      aggregation_level: '2',
      fs: 'xfs',
      io_profile: 'db_remote',
      priority_io: 'high',
      repl: '3',
      secure: 'true',
      sharedv4: 'false',
      snap_interval: '60',
    });
    expect(Object.keys(object.parameters)).toEqual([...Object.keys(object.parameters)].sort());
  });

  it('is deterministic: the same props give the same bytes, whatever the order of the escape-hatch keys', () => {
    const first = emit({ name: 'px', parameters: { b: '1', a: '2' }, labels: { tier: 'gold' } });
    const second = emit({ name: 'px', parameters: { a: '2', b: '1' }, labels: { tier: 'gold' } });
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
    expect(JSON.stringify(emit({ name: 'px', parameters: { b: '1', a: '2' }, labels: { tier: 'gold' } }))).toBe(JSON.stringify(first));
  });

  it('keeps an extra parameter named __proto__ (from YAML or JSON) as a parameter, in its sorted place', () => {
    const parameters = JSON.parse('{"b":"1","__proto__":"x","a":"2"}') as Record<string, string>;
    const object = emit({ name: 'px', parameters });
    expect(JSON.stringify(object.parameters)).toMatch(/^\{"__proto__":"x","a":"2",/);
    expect(Object.getPrototypeOf(object.parameters)).toBe(Object.prototype);
  });

  it('writes a fixed token into all three CSI operations, node-publish included (Stork reads it)', () => {
    const object = emit({ name: 'px-shared', token: { kind: 'fixed', secretName: 'px-k8s-user', namespace: 'portworx' } });
    for (const pair of Object.values(CSI_SECRET_PARAMS)) {
      expect(object.parameters[pair.name]).toBe('px-k8s-user');
      expect(object.parameters[pair.namespace]).toBe('portworx');
    }
    expect(checkStorageClassAuthParameters(object.provisioner, object.parameters)).toEqual([]);
  });

  it('uses a per-tenant Secret name other than px-k8s-user when asked', () => {
    const object = emit({ name: 'px-team', token: { kind: 'per-tenant', secretName: 'team-token' } });
    for (const pair of Object.values(CSI_SECRET_PARAMS)) {
      expect(object.parameters[pair.name]).toBe('team-token');
      expect(object.parameters[pair.namespace]).toBe(PVC_NAMESPACE_TEMPLATE);
    }
  });

  it('writes no auth parameter for token none, which the checker reports as guest volumes', () => {
    const csi = emit({ name: 'px-guest', token: { kind: 'none' } });
    expect(csi.parameters).toEqual({});
    expect(checkStorageClassAuthParameters(csi.provisioner, csi.parameters).map((problem) => problem.code)).toEqual(['STORAGECLASS_NO_AUTH']);
    const inTree = emit({ name: 'px-guest-in-tree', provisioner: 'in-tree', token: { kind: 'none' } });
    expect(inTree.parameters).toEqual({});
  });

  it('writes the Kubernetes fields, labels and annotations as given', () => {
    const object = emit({
      name: 'px-retained',
      allowVolumeExpansion: false,
      reclaimPolicy: 'Retain',
      volumeBindingMode: 'WaitForFirstConsumer',
      labels: { 'app.kubernetes.io/part-of': 'px-security' },
      annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
    });
    expect(object.allowVolumeExpansion).toBe(false);
    expect(object.reclaimPolicy).toBe('Retain');
    expect(object.volumeBindingMode).toBe('WaitForFirstConsumer');
    expect(object.metadata).toEqual({
      name: 'px-retained',
      labels: { 'app.kubernetes.io/part-of': 'px-security' },
      annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
    });
  });

  it('leaves empty labels and annotations out', () => {
    expect(emit({ name: 'px', labels: {}, annotations: {} }).metadata).toEqual({ name: 'px' });
  });
});

describe('portworxStorageClass: validation', () => {
  it('validates the class name as an RFC 1123 subdomain', () => {
    const error = caughtPxSecurityError(() => portworxStorageClass({ name: 'PX_Storage' }, { field: 'PxStorageClass sc' }));
    expect(error.code).toBe('NAME_INVALID');
    expect(error.message).toBe(
      'PxStorageClass sc.name "PX_Storage" is not a valid RFC 1123 subdomain (uppercase "P" at position 1; "_" at position 3 is not allowed): ' +
        'use at most 253 lowercase letters, digits, "-" and ".", each dot-separated part starting and ending with a letter or digit, such as "px-storage"',
    );
  });

  it('rejects an unknown provisioner, and points the provisioner name to its choice', () => {
    const named = caughtPxSecurityError(() => portworxStorageClass(untyped({ name: 'px', provisioner: 'pxd.portworx.com' }), { field: 'sc' }));
    expect(named.code).toBe('STORAGECLASS_PROVISIONER_INVALID');
    expect(named.message).toBe(
      'sc.provisioner "pxd.portworx.com" is not a Portworx provisioner choice: write provisioner: "csi"; the provisioner name "pxd.portworx.com" is filled in for you',
    );
    expect(caughtPxSecurityError(() => portworxStorageClass(untyped({ name: 'px', provisioner: 'portworx' }), { field: 'sc' })).message).toBe(
      'sc.provisioner "portworx" is not a Portworx provisioner choice: use "csi" (pxd.portworx.com) or "in-tree" (kubernetes.io/portworx-volume, deprecated from Kubernetes 1.25)',
    );
  });

  it('requires a token on an in-tree class', () => {
    const error = caughtPxSecurityError(() => portworxStorageClass({ name: 'px', provisioner: 'in-tree' }, { field: 'sc' }));
    expect(error.code).toBe('STORAGECLASS_TOKEN_REQUIRED');
    expect(error.message).toBe(
      "sc.token is required for an in-tree class, which has no per-tenant default: name the token Secret, e.g. token: { kind: 'fixed', " +
        "secretName: 'px-k8s-user', namespace: 'portworx' }, or write token: { kind: 'none' } for guest volumes",
    );
  });

  it('rejects a per-tenant token on an in-tree class: the in-tree driver has no templating', () => {
    const error = caughtPxSecurityError(() => portworxStorageClass({ name: 'px', provisioner: 'in-tree', token: { kind: 'per-tenant' } }, { field: 'sc' }));
    expect(error.code).toBe('STORAGECLASS_IN_TREE_TEMPLATE');
    expect(error.message).toBe(
      'sc.token {"kind":"per-tenant"} needs the template ${pvc.namespace}, but the in-tree driver kubernetes.io/portworx-volume does no templating: ' +
        "use provisioner: 'csi' (the default) for per-tenant tokens, or a fixed token Secret",
    );
  });

  it('rejects a token reference of an unknown kind', () => {
    const error = caughtPxSecurityError(() => portworxStorageClass(untyped({ name: 'px', token: { kind: 'tenant' } }), { field: 'sc' }));
    expect(error.code).toBe('STORAGECLASS_TOKEN_INVALID');
    expect(error.message).toBe(
      "sc.token {\"kind\":\"tenant\"} is not a token reference: use { kind: 'per-tenant' }, { kind: 'fixed', secretName, namespace } or { kind: 'none' }",
    );
  });

  it('rejects templates in a typed token reference', () => {
    const error = caughtPxSecurityError(() =>
      portworxStorageClass({ name: 'px', token: { kind: 'fixed', secretName: 'px-k8s-user', namespace: '${pvc.namespace}' } }, { field: 'sc' }),
    );
    expect(error.code).toBe('STORAGECLASS_TOKEN_TEMPLATE');
    expect(error.message).toBe(
      'sc.token.namespace "${pvc.namespace}" is a template; a typed token reference names its Secret literally: ' +
        "name the Secret (e.g. \"px-k8s-user\"), and use token: { kind: 'per-tenant' } for a Secret in each claim's namespace",
    );
    expect(
      caughtPxSecurityError(() => portworxStorageClass({ name: 'px', token: { kind: 'per-tenant', secretName: '${pvc.name}' } }, { field: 'sc' })).field,
    ).toBe('sc.token.secretName');
  });

  it('validates the token Secret name and namespace', () => {
    const name = caughtPxSecurityError(() =>
      portworxStorageClass({ name: 'px', token: { kind: 'fixed', secretName: 'PX', namespace: 'portworx' } }, { field: 'sc' }),
    );
    expect(name.code).toBe('NAME_INVALID');
    expect(name.field).toBe('sc.token.secretName');
    const namespace = caughtPxSecurityError(() =>
      portworxStorageClass({ name: 'px', token: { kind: 'fixed', secretName: 'px', namespace: 'port.worx' } }, { field: 'sc' }),
    );
    expect(namespace.message).toBe(
      'sc.token.namespace "port.worx" is not a valid RFC 1123 label ("." at position 5 is not allowed): ' +
        'use at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit, such as "port-worx"',
    );
  });

  it.each([0, 4, 1.5, '2'])('rejects repl %j', (repl) => {
    const error = caughtPxSecurityError(() => portworxStorageClass(untyped({ name: 'px', repl }), { field: 'sc' }));
    expect(error.code).toBe('STORAGECLASS_PARAMETER_INVALID');
    expect(error.message).toBe(
      `sc.repl ${JSON.stringify(repl)} is not a replication factor Portworx supports: use a whole number from 1 to 3, e.g. repl: 2 (written as the string "2")`,
    );
  });

  const IO_PROFILE_LIST = '"sequential", "random", "db", "db_remote", "cms", "sync_shared", "auto", "none", "journal", "auto_journal"';

  it.each([
    ['db-remote', 'db_remote'],
    ['Sequential', 'sequential'],
    ['randon', 'random'],
    ['seq', 'sequential'],
  ])('suggests the near miss of ioProfile %j', (ioProfile, near) => {
    const error = caughtPxSecurityError(() => portworxStorageClass(untyped({ name: 'px', ioProfile }), { field: 'sc' }));
    expect(error.code).toBe('STORAGECLASS_PARAMETER_INVALID');
    expect(error.message).toBe(`sc.ioProfile "${ioProfile}" is not an allowed value: did you mean "${near}"? Use one of ${IO_PROFILE_LIST}`);
  });

  it('lists the values without a guess when nothing is near', () => {
    expect(caughtPxSecurityError(() => portworxStorageClass(untyped({ name: 'px', ioProfile: 'database' }), { field: 'sc' })).message).toBe(
      `sc.ioProfile "database" is not an allowed value: use one of ${IO_PROFILE_LIST}`,
    );
  });

  it('checks priorityIo, fs, secure and sharedv4', () => {
    expect(caughtPxSecurityError(() => portworxStorageClass(untyped({ name: 'px', priorityIo: 'HIGH' }), { field: 'sc' })).message).toBe(
      'sc.priorityIo "HIGH" is not an allowed value: did you mean "high"? Use one of "high", "medium", "low"',
    );
    expect(caughtPxSecurityError(() => portworxStorageClass(untyped({ name: 'px', fs: 'ext3' }), { field: 'sc' })).message).toBe(
      'sc.fs "ext3" is not an allowed value: did you mean "ext4"? Use one of "xfs", "ext4"',
    );
    const secure = caughtPxSecurityError(() => portworxStorageClass(untyped({ name: 'px', secure: 'true' }), { field: 'sc' }));
    expect(secure.code).toBe('STORAGECLASS_PARAMETER_INVALID');
    expect(secure.message).toBe('sc.secure "true" is not true or false: write true or false (it is written as the string Portworx expects)');
    expect(caughtPxSecurityError(() => portworxStorageClass(untyped({ name: 'px', sharedv4: 1 }), { field: 'sc' })).field).toBe('sc.sharedv4');
  });

  it('checks the Kubernetes fields', () => {
    const binding = caughtPxSecurityError(() => portworxStorageClass(untyped({ name: 'px', volumeBindingMode: 'waitForFirstConsumer' }), { field: 'sc' }));
    expect(binding.code).toBe('STORAGECLASS_FIELD_INVALID');
    expect(binding.message).toBe(
      'sc.volumeBindingMode "waitForFirstConsumer" is not an allowed value: did you mean "WaitForFirstConsumer"? Use one of "Immediate", "WaitForFirstConsumer"',
    );
    expect(caughtPxSecurityError(() => portworxStorageClass(untyped({ name: 'px', reclaimPolicy: 'Recycle' }), { field: 'sc' })).message).toBe(
      'sc.reclaimPolicy "Recycle" is not an allowed value: use one of "Delete", "Retain"',
    );
    expect(caughtPxSecurityError(() => portworxStorageClass(untyped({ name: 'px', allowVolumeExpansion: 'yes' }), { field: 'sc' })).message).toBe(
      'sc.allowVolumeExpansion "yes" is not true or false: write allowVolumeExpansion: true or false',
    );
  });

  it('rejects an escape-hatch parameter that a typed prop writes, naming both', () => {
    const error = caughtPxSecurityError(() => portworxStorageClass({ name: 'px', parameters: { io_profile: 'db' } }, { field: 'sc' }));
    expect(error.code).toBe('STORAGECLASS_PARAMETER_COLLISION');
    expect(error.message).toBe(
      'sc.parameters["io_profile"] "db" is the parameter the typed prop ioProfile writes: set ioProfile instead and remove "io_profile" from parameters',
    );
  });

  it.each([...CSI_AUTH_KEYS, IN_TREE_AUTH_PARAMS.name, IN_TREE_AUTH_PARAMS.namespace, 'csiNodePublishSecretName', 'csi.storage.k8s.io/secret-name'])(
    'rejects the auth parameter %s in the escape hatch',
    (key) => {
      const error = caughtPxSecurityError(() => portworxStorageClass({ name: 'px', parameters: { [key]: 'px-k8s-user' } }, { field: 'sc' }));
      expect(error.code).toBe('STORAGECLASS_PARAMETER_COLLISION');
      expect(error.message).toBe(
        `sc.parameters[${JSON.stringify(key)}] "px-k8s-user" is an auth parameter, which the typed prop token writes: set token instead ` +
          `({ kind: 'per-tenant' }, { kind: 'fixed', secretName, namespace } or { kind: 'none' }) and remove ${JSON.stringify(key)} from parameters`,
      );
    },
  );

  it('rejects an escape-hatch value that is not a string, and an empty key', () => {
    const error = caughtPxSecurityError(() => portworxStorageClass(untyped({ name: 'px', parameters: { snap_interval: 60 } }), { field: 'sc' }));
    expect(error.code).toBe('STORAGECLASS_PARAMETER_NOT_STRING');
    expect(error.message).toBe(
      'sc.parameters["snap_interval"] 60 is not a string; every StorageClass parameter value is a string: write it as the string "60"',
    );
    const empty = caughtPxSecurityError(() => portworxStorageClass({ name: 'px', parameters: { '': 'x' } }, { field: 'sc' }));
    expect(empty.code).toBe('STORAGECLASS_PARAMETER_INVALID');
    expect(empty.message).toBe('sc.parameters[""] "x" has an empty key: name the parameter, or remove it');
  });

  it('validates labels and annotations', () => {
    expect(caughtPxSecurityError(() => portworxStorageClass({ name: 'px', labels: { tier: 'gold class' } }, { field: 'sc' })).field).toBe('sc.labels["tier"]');
    const annotation = caughtPxSecurityError(() => portworxStorageClass({ name: 'px', annotations: { 'a/b/c': 'x' } }, { field: 'sc' }));
    expect(annotation.code).toBe('ANNOTATION_INVALID');
    expect(annotation.field).toBe('sc.annotations key');
  });
});

describe('requiredTokenSecret', () => {
  it('says which token Secrets each class needs', () => {
    expect(requiredTokenSecret({})).toEqual({ kind: 'per-tenant', secretName: 'px-k8s-user' });
    expect(requiredTokenSecret({ token: { kind: 'per-tenant', secretName: 'team-token' } })).toEqual({ kind: 'per-tenant', secretName: 'team-token' });
    expect(requiredTokenSecret({ provisioner: 'in-tree', token: { kind: 'fixed', secretName: 'px-k8s-user', namespace: 'portworx' } })).toEqual({
      kind: 'fixed',
      secretName: 'px-k8s-user',
      namespace: 'portworx',
    });
    expect(requiredTokenSecret({ token: { kind: 'none' } })).toBeUndefined();
    expect(requiredTokenSecret({ provisioner: 'in-tree' })).toBeUndefined();
  });
});

describe('checkStorageClassAuthParameters', () => {
  const CSI = 'pxd.portworx.com';
  const IN_TREE = 'kubernetes.io/portworx-volume';
  const perTenant = portworxStorageClass({ name: 'px-storage' }, { field: 'sc' }).parameters;
  const codes = (provisioner: string, parameters: Record<string, unknown>): string[] =>
    checkStorageClassAuthParameters(provisioner, parameters).map((problem) => problem.code);

  it('accepts every template the CSI provisioner resolves, in its place', () => {
    const parameters = {
      'csi.storage.k8s.io/provisioner-secret-name': "${pvc.annotations['example.com/token-secret']}",
      'csi.storage.k8s.io/provisioner-secret-namespace': '${pvc.namespace}',
      'csi.storage.k8s.io/node-publish-secret-name': 'token-${pvc.name}',
      'csi.storage.k8s.io/node-publish-secret-namespace': '${pv.name}',
      'csi.storage.k8s.io/controller-expand-secret-name': '${pv.name}',
      'csi.storage.k8s.io/controller-expand-secret-namespace': 'portworx',
    };
    expect(checkStorageClassAuthParameters(CSI, parameters)).toEqual([]);
  });

  it('reports a template the CSI provisioner cannot resolve in a name', () => {
    expect(checkStorageClassAuthParameters(CSI, { ...perTenant, 'csi.storage.k8s.io/provisioner-secret-name': '${pvc.uid}-token' })).toEqual([
      {
        code: 'STORAGECLASS_TEMPLATE_UNKNOWN',
        parameter: 'csi.storage.k8s.io/provisioner-secret-name',
        message:
          'parameters["csi.storage.k8s.io/provisioner-secret-name"] "${pvc.uid}-token" uses ${pvc.uid}, which the CSI provisioner cannot resolve ' +
          "in a secret name, so it refuses every claim on the class: in a secret name use only ${pv.name}, ${pvc.name}, ${pvc.namespace} or ${pvc.annotations['<key>']}",
      },
    ]);
  });

  it('reports a claim-controlled template in a namespace', () => {
    expect(checkStorageClassAuthParameters(CSI, { ...perTenant, 'csi.storage.k8s.io/node-publish-secret-namespace': '${pvc.name}' })).toEqual([
      {
        code: 'STORAGECLASS_TEMPLATE_UNKNOWN',
        parameter: 'csi.storage.k8s.io/node-publish-secret-namespace',
        message:
          'parameters["csi.storage.k8s.io/node-publish-secret-namespace"] "${pvc.name}" uses ${pvc.name}, which the CSI provisioner cannot resolve ' +
          'in a secret namespace, so it refuses every claim on the class: in a secret namespace use only ${pv.name} or ${pvc.namespace} ' +
          "(a claim's name and annotations are up to its author, so they may not choose the namespace)",
      },
    ]);
    expect(codes(CSI, { ...perTenant, 'csi.storage.k8s.io/node-publish-secret-namespace': "${pvc.annotations['ns']}" })).toEqual([
      'STORAGECLASS_TEMPLATE_UNKNOWN',
    ]);
  });

  it('reads $ expansions as Go os.Expand does: bare names and special characters are templates too', () => {
    const key = 'csi.storage.k8s.io/provisioner-secret-name';
    const message = (value: string): string | undefined => checkStorageClassAuthParameters(CSI, { ...perTenant, [key]: value })[0]?.message;
    expect(message('$pvc')).toContain('uses $pvc, which the CSI provisioner cannot resolve');
    expect(message('px-$1')).toContain('uses $1, which');
    expect(message('${pvc')).toBe(
      `parameters["${key}"] "\${pvc" has the malformed template \${pvc, and the CSI provisioner refuses every claim on the class: ` +
        "in a secret name use only ${pv.name}, ${pvc.name}, ${pvc.namespace} or ${pvc.annotations['<key>']}",
    );
    expect(message('px-${}')).toContain('has the malformed template ${}');
    // A `$` at the end stays literal: the name is then checked as a name.
    expect(codes(CSI, { ...perTenant, [key]: 'px$' })).toEqual(['STORAGECLASS_SECRET_REFERENCE_INVALID']);
  });

  it('reports a half pair, and an empty side', () => {
    const half = Object.fromEntries(Object.entries(perTenant).filter(([key]) => key !== 'csi.storage.k8s.io/controller-expand-secret-namespace'));
    expect(checkStorageClassAuthParameters(CSI, half)).toEqual([
      {
        code: 'STORAGECLASS_SECRET_PAIR_INCOMPLETE',
        parameter: 'csi.storage.k8s.io/controller-expand-secret-name',
        message:
          'parameters["csi.storage.k8s.io/controller-expand-secret-name"] "px-k8s-user" is set without "csi.storage.k8s.io/controller-expand-secret-namespace", ' +
          'and with half a secret pair the CSI provisioner refuses every claim on the class: ' +
          'set "csi.storage.k8s.io/controller-expand-secret-namespace" too, or remove both',
      },
    ]);
    expect(checkStorageClassAuthParameters(CSI, { ...perTenant, 'csi.storage.k8s.io/provisioner-secret-namespace': '' })).toEqual([
      {
        code: 'STORAGECLASS_SECRET_PAIR_INCOMPLETE',
        parameter: 'csi.storage.k8s.io/provisioner-secret-namespace',
        message:
          'parameters["csi.storage.k8s.io/provisioner-secret-namespace"] "" is empty, and the CSI provisioner refuses every claim on the class: ' +
          'set both "csi.storage.k8s.io/provisioner-secret-name" and "csi.storage.k8s.io/provisioner-secret-namespace" to non-empty values, or remove both',
      },
    ]);
  });

  it('reports a Portworx CSI class whose pairs leave out node-publish', () => {
    const withoutNodePublish = Object.fromEntries(Object.entries(perTenant).filter(([key]) => !key.includes('node-publish')));
    expect(checkStorageClassAuthParameters(CSI, withoutNodePublish)).toEqual([
      {
        code: 'STORAGECLASS_NODE_PUBLISH_MISSING',
        parameter: 'csi.storage.k8s.io/node-publish-secret-name',
        message:
          'parameters["csi.storage.k8s.io/node-publish-secret-name"] is missing while other secret pairs are set; ' +
          "Stork reads a CSI volume's token from its node-publish secret, so Stork snapshots and migrations of these volumes fail: " +
          'add "csi.storage.k8s.io/node-publish-secret-name" and "csi.storage.k8s.io/node-publish-secret-namespace" with the same values as the provisioner pair',
      },
    ]);
    // The default pair applies to node-publish too.
    const withDefault = { ...withoutNodePublish, 'csi.storage.k8s.io/secret-name': 'px-k8s-user', 'csi.storage.k8s.io/secret-namespace': '${pvc.namespace}' };
    expect(checkStorageClassAuthParameters(CSI, withDefault)).toEqual([]);
  });

  it('reports every pair Portworx needs that a CSI class with other pairs leaves out, with what then fails', () => {
    const without = (part: string): Record<string, unknown> => Object.fromEntries(Object.entries(perTenant).filter(([key]) => !key.includes(part)));
    const [provisioner, ...rest] = checkStorageClassAuthParameters(CSI, without('provisioner-secret'));
    expect(rest).toEqual([]);
    expect(provisioner).toEqual({
      code: 'STORAGECLASS_PROVISIONER_SECRET_MISSING',
      parameter: 'csi.storage.k8s.io/provisioner-secret-name',
      message:
        'parameters["csi.storage.k8s.io/provisioner-secret-name"] is missing while other secret pairs are set; without a provisioner token Portworx ' +
        'creates each volume as the guest user: the volume has no owner, so it is public to every user (or Portworx refuses it when guest access is Disabled): ' +
        'add "csi.storage.k8s.io/provisioner-secret-name" and "csi.storage.k8s.io/provisioner-secret-namespace" with the same values as the other pair',
    });
    expect(checkStorageClassAuthParameters(CSI, without('controller-expand'))).toEqual([
      {
        code: 'STORAGECLASS_EXPAND_SECRET_MISSING',
        parameter: 'csi.storage.k8s.io/controller-expand-secret-name',
        message:
          'parameters["csi.storage.k8s.io/controller-expand-secret-name"] is missing while other secret pairs are set; the CSI resizer then calls Portworx ' +
          'without a token, and under PX-Security Portworx refuses to expand these volumes: ' +
          'add "csi.storage.k8s.io/controller-expand-secret-name" and "csi.storage.k8s.io/controller-expand-secret-namespace" with the same values as the provisioner pair',
      },
    ]);
    // Only the node-publish pair: both others are missing.
    const nodePublishOnly = Object.fromEntries(Object.entries(perTenant).filter(([key]) => key.includes('node-publish')));
    expect(codes(CSI, nodePublishOnly)).toEqual(['STORAGECLASS_PROVISIONER_SECRET_MISSING', 'STORAGECLASS_EXPAND_SECRET_MISSING']);
    // The deprecated provisioner spelling counts, and the default pair stands for every operation.
    expect(
      codes(CSI, { ...without('provisioner-secret'), csiProvisionerSecretName: 'px-k8s-user', csiProvisionerSecretNamespace: '${pvc.namespace}' }),
    ).toEqual([]);
    expect(
      codes(CSI, { ...nodePublishOnly, 'csi.storage.k8s.io/secret-name': 'px-k8s-user', 'csi.storage.k8s.io/secret-namespace': '${pvc.namespace}' }),
    ).toEqual([]);
  });

  it('reports a Portworx class with no auth parameters at all', () => {
    expect(checkStorageClassAuthParameters(CSI, { repl: '2' })).toEqual([
      {
        code: 'STORAGECLASS_NO_AUTH',
        message:
          'parameters name no token Secret, so Portworx creates the volumes as the guest user, or refuses them when guest access is disabled: ' +
          'set "csi.storage.k8s.io/provisioner-secret-name"/"csi.storage.k8s.io/provisioner-secret-namespace", ' +
          '"csi.storage.k8s.io/node-publish-secret-name"/"csi.storage.k8s.io/node-publish-secret-namespace", ' +
          '"csi.storage.k8s.io/controller-expand-secret-name"/"csi.storage.k8s.io/controller-expand-secret-namespace" ' +
          '(e.g. "px-k8s-user" in "${pvc.namespace}"), or keep the class only for guest volumes',
      },
    ]);
    expect(checkStorageClassAuthParameters(IN_TREE, { repl: '1' })).toEqual([
      {
        code: 'STORAGECLASS_NO_AUTH',
        message:
          'parameters name no token Secret, so Portworx creates the volumes as the guest user, or refuses them when guest access is disabled: ' +
          'set "openstorage.io/auth-secret-name" and "openstorage.io/auth-secret-namespace" (e.g. "px-k8s-user" in "portworx"), ' +
          'or keep the class only for guest volumes',
      },
    ]);
  });

  it('reports a template in an in-tree class', () => {
    const parameters = { 'openstorage.io/auth-secret-name': 'px-k8s-user', 'openstorage.io/auth-secret-namespace': '${pvc.namespace}' };
    expect(checkStorageClassAuthParameters(IN_TREE, parameters)).toEqual([
      {
        code: 'STORAGECLASS_IN_TREE_TEMPLATE',
        parameter: 'openstorage.io/auth-secret-namespace',
        message:
          'parameters["openstorage.io/auth-secret-namespace"] "${pvc.namespace}" is a template, but the in-tree driver kubernetes.io/portworx-volume ' +
          'does no templating and reads the value literally: use the CSI provisioner pxd.portworx.com for per-tenant tokens (${pvc.namespace}), or name one fixed Secret',
      },
    ]);
  });

  it('reports a half in-tree pair', () => {
    expect(checkStorageClassAuthParameters(IN_TREE, { 'openstorage.io/auth-secret-name': 'px-k8s-user' })).toEqual([
      {
        code: 'STORAGECLASS_SECRET_PAIR_INCOMPLETE',
        parameter: 'openstorage.io/auth-secret-name',
        message:
          'parameters["openstorage.io/auth-secret-name"] "px-k8s-user" is set without "openstorage.io/auth-secret-namespace", ' +
          'and with half a secret pair Portworx cannot find the token Secret: set "openstorage.io/auth-secret-namespace" too, or remove both',
      },
    ]);
  });

  it('reports a literal name or namespace that is not a valid Kubernetes name', () => {
    const parameters = { ...perTenant, 'csi.storage.k8s.io/provisioner-secret-name': 'PX_user' };
    expect(checkStorageClassAuthParameters(CSI, parameters)).toEqual([
      {
        code: 'STORAGECLASS_SECRET_REFERENCE_INVALID',
        parameter: 'csi.storage.k8s.io/provisioner-secret-name',
        message:
          'parameters["csi.storage.k8s.io/provisioner-secret-name"] "PX_user" is not a valid RFC 1123 subdomain ' +
          '(uppercase "P" at position 1; "_" at position 3 is not allowed): use at most 253 lowercase letters, digits, "-" and ".", ' +
          'each dot-separated part starting and ending with a letter or digit, such as "px-user"',
      },
    ]);
    expect(codes(IN_TREE, { 'openstorage.io/auth-secret-name': 'px', 'openstorage.io/auth-secret-namespace': 'port.worx' })).toEqual([
      'STORAGECLASS_SECRET_REFERENCE_INVALID',
    ]);
  });

  it('reports a pair written both with and without the csi.storage.k8s.io/ prefix, and reads the deprecated spelling', () => {
    expect(checkStorageClassAuthParameters(CSI, { ...perTenant, csiProvisionerSecretName: 'px-k8s-user' })).toEqual([
      {
        code: 'STORAGECLASS_SECRET_PAIR_DUPLICATE',
        parameter: 'csiProvisionerSecretName',
        message:
          'parameters["csiProvisionerSecretName"] "px-k8s-user" repeats "csi.storage.k8s.io/provisioner-secret-name", ' +
          'and the CSI provisioner refuses every claim on the class when a secret is set both ways: remove the deprecated "csiProvisionerSecretName"',
      },
    ]);
    const deprecatedOnly = {
      csiProvisionerSecretName: 'px-k8s-user',
      csiProvisionerSecretNamespace: '${pvc.namespace}',
      csiNodePublishSecretName: 'px-k8s-user',
      csiNodePublishSecretNamespace: '${pvc.namespace}',
      'csi.storage.k8s.io/controller-expand-secret-name': 'px-k8s-user',
      'csi.storage.k8s.io/controller-expand-secret-namespace': '${pvc.namespace}',
    };
    expect(checkStorageClassAuthParameters(CSI, deprecatedOnly)).toEqual([]);
    expect(codes(CSI, { csiProvisionerSecretName: 'px-k8s-user', csiNodePublishSecretName: 'px-k8s-user', csiNodePublishSecretNamespace: 'x' })).toEqual([
      'STORAGECLASS_SECRET_PAIR_INCOMPLETE',
      'STORAGECLASS_EXPAND_SECRET_MISSING',
    ]);
  });

  it('reports parameter values that are not strings', () => {
    expect(
      checkStorageClassAuthParameters(IN_TREE, {
        repl: 1,
        'openstorage.io/auth-secret-name': 'px-k8s-user',
        'openstorage.io/auth-secret-namespace': 'portworx',
      }),
    ).toEqual([
      {
        code: 'STORAGECLASS_PARAMETER_NOT_STRING',
        parameter: 'repl',
        message: 'parameters["repl"] 1 is not a string; every StorageClass parameter value is a string: write it as the string "1"',
      },
    ]);
  });

  it('applies the CSI pair rules, but not the Portworx ones, to other provisioners', () => {
    expect(checkStorageClassAuthParameters('ebs.csi.aws.com', { type: 'gp3' })).toEqual([]);
    expect(codes('ebs.csi.aws.com', { 'csi.storage.k8s.io/node-stage-secret-name': 'x' })).toEqual(['STORAGECLASS_SECRET_PAIR_INCOMPLETE']);
  });

  it('returns every problem at once, in parameter order', () => {
    const parameters = {
      repl: 2,
      'csi.storage.k8s.io/provisioner-secret-name': '${pvc.uid}',
      'csi.storage.k8s.io/provisioner-secret-namespace': '${pvc.namespace}',
      'csi.storage.k8s.io/controller-expand-secret-name': 'px-k8s-user',
    };
    expect(codes(CSI, parameters)).toEqual([
      'STORAGECLASS_PARAMETER_NOT_STRING',
      'STORAGECLASS_TEMPLATE_UNKNOWN',
      'STORAGECLASS_SECRET_PAIR_INCOMPLETE',
      'STORAGECLASS_NODE_PUBLISH_MISSING',
    ]);
  });
});
