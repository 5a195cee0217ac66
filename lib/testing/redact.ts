/**
 * Secret values replaced by stand-ins, for snapshots that are safe to commit and stable across machines.
 *
 * The stand-ins depend on nothing secret and nothing random:
 * - a token (a JWT) becomes `<redacted token: <alg> <claims>>`: the header's algorithm and the claims, which
 *   hold no secret (they repeat the identity, issuer and rotation window the code declares) and pin what a
 *   test wants to see change; the signature, the only part a key shapes, is left out. So the stand-in is the
 *   same with any keys, also for ES256 tokens whose signatures are randomized.
 * - every other value (a key, a password, anything unknown) becomes `<redacted: N bytes>`: the length alone.
 * - a SealedSecret's ciphertexts (randomized on every seal) become `<redacted: sealed>`.
 * An ExternalSecret holds no value (only references to a vault), so it stays as it is.
 */

/** A Kubernetes object as the synth returns it. */
type KubeJson = Record<string, unknown>;

/** `objects` with every Secret value, token and sealed ciphertext replaced by its stand-in (a copy). */
export function redactSecretValues(objects: readonly Record<string, unknown>[]): Record<string, unknown>[] {
  return objects.map(redactObject);
}

function redactObject(object: KubeJson): KubeJson {
  if (object.kind === 'Secret' && typeof object.apiVersion === 'string' && object.apiVersion === 'v1') {
    return {
      ...object,
      ...redactMap(object, 'data', (value) => standIn(Buffer.from(value, 'base64'))),
      ...redactMap(object, 'stringData', (value) => standIn(Buffer.from(value, 'utf8'))),
    };
  }
  if (object.kind === 'SealedSecret' && isRecord(object.spec)) {
    return { ...object, spec: { ...object.spec, ...redactMap(object.spec, 'encryptedData', () => '<redacted: sealed>') } };
  }
  return object;
}

/** `{ [field]: redacted }` when `holder[field]` is an object of strings, else `{}`. */
function redactMap(holder: Readonly<Record<string, unknown>>, field: string, replace: (value: string) => string): KubeJson {
  const values = holder[field];
  if (!isRecord(values)) return {};
  return { [field]: Object.fromEntries(Object.entries(values).map(([key, value]) => [key, typeof value === 'string' ? replace(value) : value])) };
}

/** The stand-in of one plain value. */
function standIn(raw: Buffer): string {
  const token = tokenShape(raw.toString('utf8'));
  if (token !== undefined) return `<redacted token: ${token}>`;
  return `<redacted: ${raw.length} bytes>`;
}

/** `<alg> <claims JSON>` when `text` is a JWT, else `undefined`. */
function tokenShape(text: string): string | undefined {
  const parts = text.split('.');
  if (parts.length !== 3 || !parts.every((part) => /^[A-Za-z0-9_-]+$/.test(part))) return undefined;
  try {
    const header = JSON.parse(Buffer.from(parts[0] ?? '', 'base64url').toString('utf8')) as unknown;
    const claims = JSON.parse(Buffer.from(parts[1] ?? '', 'base64url').toString('utf8')) as unknown;
    if (!isRecord(header) || !isRecord(claims) || typeof header.alg !== 'string') return undefined;
    return `${header.alg} ${JSON.stringify(claims)}`;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
