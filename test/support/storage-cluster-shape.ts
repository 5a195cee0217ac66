/**
 * The operator's StorageCluster CRD has no published model package, so tests check the part this library
 * writes (`spec.security`, `spec.env`) against the CRD's documented shape (core.libopenstorage.org/v1).
 */
const GUEST_ACCESS = ['Enabled', 'Disabled', 'Managed'];
const DURATION = /^[0-9]+[smhdy]$/;

function fail(path: string, problem: string): never {
  throw new Error(`${path} ${problem}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const StorageClusterShape = {
  validate(object: unknown): void {
    if (!isRecord(object)) fail('StorageCluster', 'is not an object');
    if (object.apiVersion !== 'core.libopenstorage.org/v1') fail('apiVersion', `is ${String(object.apiVersion)}`);
    const metadata = object.metadata;
    if (!isRecord(metadata) || typeof metadata.name !== 'string' || metadata.name === '') fail('metadata.name', 'is missing');
    const spec = object.spec;
    if (spec === undefined || spec === null) return;
    if (!isRecord(spec)) fail('spec', 'is not an object');
    if (spec.env !== undefined && spec.env !== null) {
      if (!Array.isArray(spec.env)) fail('spec.env', 'is not a list');
      spec.env.forEach((entry, i) => {
        if (!isRecord(entry) || typeof entry.name !== 'string') fail(`spec.env[${i}]`, 'has no name');
        if (entry.value !== undefined && typeof entry.value !== 'string') fail(`spec.env[${i}].value`, 'is not a string');
      });
    }
    const security = spec.security;
    if (security === undefined || security === null) return;
    if (!isRecord(security)) fail('spec.security', 'is not an object');
    if (security.enabled !== undefined && typeof security.enabled !== 'boolean') fail('spec.security.enabled', 'is not a boolean');
    const auth = security.auth;
    if (auth === undefined || auth === null) return;
    if (!isRecord(auth)) fail('spec.security.auth', 'is not an object');
    if (auth.guestAccess !== undefined && !GUEST_ACCESS.includes(auth.guestAccess as string)) {
      fail('spec.security.auth.guestAccess', `is ${String(auth.guestAccess)}, not one of ${GUEST_ACCESS.join(', ')}`);
    }
    const selfSigned = auth.selfSigned;
    if (selfSigned === undefined || selfSigned === null) return;
    if (!isRecord(selfSigned)) fail('spec.security.auth.selfSigned', 'is not an object');
    for (const key of ['issuer', 'sharedSecret', 'tokenLifetime']) {
      if (selfSigned[key] !== undefined && typeof selfSigned[key] !== 'string') fail(`spec.security.auth.selfSigned.${key}`, 'is not a string');
    }
    if (typeof selfSigned.tokenLifetime === 'string' && !DURATION.test(selfSigned.tokenLifetime)) {
      fail('spec.security.auth.selfSigned.tokenLifetime', `is ${selfSigned.tokenLifetime}, not a duration like 24h`);
    }
  },
};
