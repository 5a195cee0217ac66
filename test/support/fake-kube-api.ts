/**
 * A local HTTPS server that serves the part of the Kubernetes API the token renewer uses: Secrets, read, created
 * and replaced (`GET`, `POST`, `PUT` of `/api/v1/namespaces/{namespace}/secrets[/{name}]`), with bearer-token
 * authentication and the RBAC of the Roles given (each request is authorized against their rules, as the API server's
 * RBAC authorizer does for a namespaced resource).
 *
 * No kube-apiserver can run on the machines these tests run on (no container runtime, no etcd), so this fake stands
 * in for one. Its semantics follow the Kubernetes API conventions
 * (kubernetes/community `contributors/devel/sig-architecture/api-conventions.md`, "Concurrency Control and
 * Consistency" and "Response Status Kind"; the `Status` reference, kubernetes.io/docs/reference/kubernetes-api/
 * common-definitions/status/):
 * - every failure answers a JSON `Status` (`kind: Status`, `apiVersion: v1`, `status: Failure`, `message`, `reason`,
 *   `details: { name, kind }`, `code`): 401 Unauthorized, 403 Forbidden, 404 NotFound, 409 AlreadyExists (a create
 *   of an existing name), 409 Conflict (an update whose `metadata.resourceVersion` is not the stored one), 400
 *   BadRequest (a body whose namespace or name disagrees with the URL);
 * - `metadata.resourceVersion` is an opaque string the server sets, and it changes on every write (here: one counter
 *   for all objects, as etcd's revision is);
 * - an update without a `resourceVersion` is unconditional (Secrets allow unconditional update); an update of a
 *   missing Secret is 404 (Secrets do not allow create on update); a create with a `resourceVersion` set is refused.
 *
 * Only 127.0.0.1 is listened on. The certificate is made for the test with `openssl` (self-signed, for IP
 * 127.0.0.1), and the script trusts it through the service-account `ca.crt`, as in a pod.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, Server } from 'node:https';
import { IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';

/** A Secret as stored and served. */
export interface StoredSecret {
  apiVersion: 'v1';
  kind: 'Secret';
  metadata: {
    name: string;
    namespace: string;
    resourceVersion: string;
    uid: string;
    creationTimestamp: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  type: string;
  data: Record<string, string>;
}

/** One rule of a Role, as RBAC reads it. */
interface PolicyRule {
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  verbs?: string[];
}

/** A write the server accepted or refused, for assertions. */
export interface WriteRecord {
  readonly method: 'POST' | 'PUT';
  readonly namespace: string;
  readonly name: string;
  readonly status: number;
}

/** The fake API server. */
export class FakeKubeApi {
  /** Every write request, in order. */
  public readonly writes: WriteRecord[] = [];
  /** Called before a PUT is applied (e.g. to make another writer change the Secret first). */
  public beforeUpdate: ((namespace: string, name: string) => void) | undefined;
  private readonly secrets = new Map<string, StoredSecret>();
  /** Rules per namespace the bearer token may use. */
  private readonly rules = new Map<string, PolicyRule[]>();
  private revision = 100;

  private constructor(
    private readonly server: Server,
    /** The bearer token the server accepts. */
    public readonly bearerToken: string,
    /** PEM of the server's self-signed certificate (the service account's `ca.crt`). */
    public readonly caPem: string,
  ) {}

  /** Starts a server on 127.0.0.1 with a certificate made in `dir`. */
  public static async start(dir: string, bearerToken: string): Promise<FakeKubeApi> {
    const keyFile = join(dir, 'server.key');
    const certFile = join(dir, 'server.crt');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        keyFile,
        '-out',
        certFile,
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'pipe' },
    );
    const caPem = readFileSync(certFile, 'utf8');
    const server = createServer({ key: readFileSync(keyFile), cert: caPem });
    const api = new FakeKubeApi(server, bearerToken, caPem);
    server.on('request', (request: IncomingMessage, response: ServerResponse) => api.handle(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return api;
  }

  /** The port the server listens on. */
  public get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  public async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Grants the bearer token the rules of `role` (a Role object) in its namespace, as a RoleBinding would. */
  public bindRole(role: { metadata: { namespace?: string }; rules?: PolicyRule[] }): void {
    const namespace = role.metadata.namespace ?? '';
    this.rules.set(namespace, [...(this.rules.get(namespace) ?? []), ...(role.rules ?? [])]);
  }

  /** Stores a Secret as `kubectl apply` would (a write: the resourceVersion changes). */
  public putSecret(object: {
    metadata: { name: string; namespace: string; labels?: Record<string, string>; annotations?: Record<string, string> };
    type?: string;
    data?: Record<string, string>;
  }): StoredSecret {
    const key = `${object.metadata.namespace}/${object.metadata.name}`;
    const existing = this.secrets.get(key);
    const stored: StoredSecret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        ...object.metadata,
        resourceVersion: this.nextRevision(),
        uid: existing?.metadata.uid ?? `uid-${this.revision}`,
        creationTimestamp: existing?.metadata.creationTimestamp ?? '2026-01-15T00:00:00Z',
      },
      type: object.type ?? 'Opaque',
      data: { ...(object.data ?? {}) },
    };
    this.secrets.set(key, stored);
    return structuredClone(stored);
  }

  /** The stored Secret, or undefined. */
  public secret(namespace: string, name: string): StoredSecret | undefined {
    const stored = this.secrets.get(`${namespace}/${name}`);
    return stored === undefined ? undefined : structuredClone(stored);
  }

  private nextRevision(): string {
    this.revision += 1;
    return String(this.revision);
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const answer = this.answer(request.method ?? 'GET', request.url ?? '/', request.headers.authorization, Buffer.concat(chunks).toString('utf8'));
      response.writeHead(answer.code, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify(answer.body));
    });
  }

  private answer(method: string, url: string, authorization: string | undefined, text: string): { code: number; body: unknown } {
    if (authorization !== `Bearer ${this.bearerToken}`) return status(401, 'Unauthorized', 'Unauthorized');
    const match = /^\/api\/v1\/namespaces\/([^/]+)\/secrets(?:\/([^/?]+))?$/.exec(url);
    if (match === null) return status(404, 'NotFound', 'the server could not find the requested resource');
    const namespace = decodeURIComponent(match[1] ?? '');
    const name = match[2] === undefined ? undefined : decodeURIComponent(match[2]);
    const verb = method === 'GET' ? 'get' : method === 'POST' && name === undefined ? 'create' : method === 'PUT' && name !== undefined ? 'update' : undefined;
    if (verb === undefined) return status(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`);
    if (!this.allowed(verb, namespace, name)) {
      return status(
        403,
        'Forbidden',
        `secrets${name === undefined ? '' : ` "${name}"`} is forbidden: User "system:serviceaccount:renewer" cannot ${verb} resource "secrets" in API group "" in the namespace "${namespace}"`,
        name,
      );
    }
    if (verb === 'get') {
      const stored = this.secrets.get(`${namespace}/${name ?? ''}`);
      return stored === undefined ? status(404, 'NotFound', `secrets "${name ?? ''}" not found`, name) : { code: 200, body: stored };
    }
    const body = JSON.parse(text) as StoredSecret;
    const bodyName = body.metadata?.name;
    if (body.metadata?.namespace !== undefined && body.metadata.namespace !== namespace) {
      return status(400, 'BadRequest', 'the namespace of the provided object does not match the namespace sent on the request');
    }
    if (verb === 'create') {
      const record = (code: number): void => void this.writes.push({ method: 'POST', namespace, name: bodyName ?? '', status: code });
      if (body.metadata?.resourceVersion !== undefined && body.metadata.resourceVersion !== '') {
        record(500);
        return status(500, 'InternalError', 'resourceVersion should not be set on objects to be created', bodyName);
      }
      if (this.secrets.has(`${namespace}/${bodyName ?? ''}`)) {
        record(409);
        return status(409, 'AlreadyExists', `secrets "${bodyName ?? ''}" already exists`, bodyName);
      }
      record(201);
      return { code: 201, body: this.putSecret({ ...body, metadata: { ...body.metadata, name: bodyName ?? '', namespace } }) };
    }
    const record = (code: number): void => void this.writes.push({ method: 'PUT', namespace, name: name ?? '', status: code });
    if (bodyName !== name) {
      record(400);
      return status(400, 'BadRequest', 'the name of the object does not match the name on the URL', name);
    }
    this.beforeUpdate?.(namespace, name ?? '');
    const stored = this.secrets.get(`${namespace}/${name ?? ''}`);
    if (stored === undefined) {
      record(404);
      return status(404, 'NotFound', `secrets "${name ?? ''}" not found`, name);
    }
    const sent = body.metadata.resourceVersion;
    if (sent !== undefined && sent !== '' && sent !== stored.metadata.resourceVersion) {
      record(409);
      return status(
        409,
        'Conflict',
        `Operation cannot be fulfilled on secrets "${name ?? ''}": the object has been modified; please apply your changes to the latest version and try again`,
        name,
      );
    }
    record(200);
    return { code: 200, body: this.putSecret({ ...body, metadata: { ...body.metadata, name: name ?? '', namespace } }) };
  }

  /** RBAC: a rule of the namespace grants the verb on secrets (of this name, when the rule names resources). */
  private allowed(verb: string, namespace: string, name: string | undefined): boolean {
    return (this.rules.get(namespace) ?? []).some(
      (rule) =>
        (rule.apiGroups ?? []).includes('') &&
        (rule.resources ?? []).includes('secrets') &&
        (rule.verbs ?? []).includes(verb) &&
        (rule.resourceNames === undefined || rule.resourceNames.length === 0 || (name !== undefined && rule.resourceNames.includes(name))),
    );
  }
}

/** A `Status` of failure, as the API server answers it. */
function status(code: number, reason: string, message: string, name?: string): { code: number; body: unknown } {
  return {
    code,
    body: {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message,
      reason,
      ...(name === undefined ? {} : { details: { name, kind: 'secrets' } }),
      code,
    },
  };
}
