/**
 * One cluster's security as a whole: its token Secrets, tenants and StorageClasses, and the mistakes that
 * only show when they are seen together (two tenants with one `sub`, a StorageClass pointing at a token
 * nobody makes). The front doors fill it while the app is built and report `validate()` at synth or preview.
 */
import { PxSecurityError } from '../errors/errors';
import {
  listNames,
  operatorOwnedTokenSecrets,
  sharedSubs,
  tokenSecretMissing,
  tokenSecretPlaces,
  TokenSecretPlaces,
  TokenSecretView,
} from './cross-object-rules';
import { AuthClassKind, CLASS_KINDS, RequiredTokenSecret } from '../classes/class-kinds';
import { GuestAccessProblem, guestAccessProblems } from './guest-access';
import { SecureClusterPlan, TokenSecretPlan } from './plan';
import { ROLES, VOLUME_SNAPSHOT_API_VERSION } from '../names';
import { servedSnapshotClassVersions, snapshotApiWarning } from '../classes/snapshot-api';
import { tenantAdminWarning } from './tenant-admin';

/** A token Secret the app emits. */
export interface ModelTokenSecret extends TokenSecretPlan {
  /** True for a tenant's own token Secret. */
  readonly tenant: boolean;
}

/** The answer of a check that found nothing (shared: most classes and Secrets are fine). */
const NO_ERRORS: readonly PxSecurityError[] = Object.freeze([]);

/**
 * The model's entry of a planned token Secret (`tenant`: a tenant's own). The usual keys are written out: a
 * `{ ...plan, tenant }` copy gets a hidden class of its own once the spread has seen a few shapes (V8), and a model
 * holds one entry per tenant.
 */
export function modelTokenSecret(plan: TokenSecretPlan, tenant: boolean): ModelTokenSecret {
  const { name, namespace, identity, window, field } = plan;
  if (plan.labels === undefined && plan.annotations === undefined && plan.namespaceObject === undefined)
    return { name, namespace, identity, window, field, tenant };
  return { ...plan, tenant };
}

/** A Portworx StorageClass or VolumeSnapshotClass the app emits. */
export interface ModelStorageClass {
  /** The kind of class. @default 'StorageClass' */
  readonly kind?: AuthClassKind;
  /** Construct path or resource name, for messages. */
  readonly field: string;
  readonly name: string;
  /** The token Secret the class reads (`undefined`: none, guest volumes). */
  readonly token?: RequiredTokenSecret;
  /** The fixed token Secret is made outside this app: do not look for it. */
  readonly tokenSecretExternal: boolean;
}

/** Collects a cluster's tokens and StorageClasses and checks them together. */
export class SecurityModel {
  private readonly tokenSecrets: ModelTokenSecret[] = [];
  private readonly storageClasses: ModelStorageClass[] = [];
  /**
   * `validate()` and `warnings()` as last worked out; cleared by every `add...`. cdk8s validates once per chart it
   * renders, and nothing else changes what they find.
   */
  private found: { errors?: readonly PxSecurityError[]; warnings?: readonly PxSecurityError[] } = {};

  constructor(
    /** The cluster every token and StorageClass belongs to. */
    public readonly cluster: SecureClusterPlan,
    /** The cluster's construct path or resource name, for messages. */
    public readonly clusterPath: string,
  ) {}

  /** Records a token Secret (a tenant's or another one). */
  public addTokenSecret(tokenSecret: ModelTokenSecret): void {
    this.found = {};
    this.tokenSecrets.push(tokenSecret);
  }

  /** Records a StorageClass. */
  public addStorageClass(storageClass: ModelStorageClass): void {
    this.found = {};
    this.storageClasses.push(storageClass);
  }

  /** Records a VolumeSnapshotClass (checked by the same rules as StorageClasses, with its own codes). */
  public addVolumeSnapshotClass(snapshotClass: Omit<ModelStorageClass, 'kind'>): void {
    this.found = {};
    this.storageClasses.push({ ...snapshotClass, kind: 'VolumeSnapshotClass' });
  }

  /** Every problem that spans objects, in a stable order. */
  public validate(): PxSecurityError[] {
    this.found.errors ??= [...this.checkReservedNames(), ...this.checkDuplicates(), ...this.checkStorageClassTokens(), ...this.guestAccessErrors('error')];
    return [...this.found.errors];
  }

  private views(): TokenSecretView<ModelTokenSecret>[] {
    return this.tokenSecrets.map((secret) => ({ namespace: secret.namespace, name: secret.name, sub: secret.identity.sub, subject: secret }));
  }

  /**
   * Every warning that spans objects: classes without auth while guest access is not `Disabled`
   * (`STORAGECLASS_NO_AUTH`, `VOLUMESNAPSHOTCLASS_NO_AUTH`, `GUEST_ACCESS_ENABLED`), and tenant tokens with
   * `system.admin` (`TENANT_TOKEN_ADMIN`), VolumeSnapshotClasses at an API version the spec's snapshot CRDs do
   * not serve (`VOLUMESNAPSHOT_API_NOT_SERVED`): the same rules and codes as `pxsec check`.
   */
  public warnings(): PxSecurityError[] {
    this.found.warnings ??= this.workOutWarnings();
    return [...this.found.warnings];
  }

  private workOutWarnings(): PxSecurityError[] {
    const tenantAdmins = this.tokenSecrets
      .filter((secret) => secret.tenant && secret.identity.roles.includes(ROLES.admin))
      .map((secret) => tenantAdminWarning(secret.field));
    const served = servedSnapshotClassVersions(this.cluster.specObjects);
    const snapshotApi = this.storageClasses
      .filter((storageClass) => storageClass.kind === 'VolumeSnapshotClass')
      .flatMap((snapshotClass) => snapshotApiWarning(`${snapshotClass.field}.apiVersion`, VOLUME_SNAPSHOT_API_VERSION, served) ?? []);
    return [...this.guestAccessErrors('warning'), ...tenantAdmins, ...snapshotApi];
  }

  /** The guest access problems of one severity, each on its class (the first of that kind and name) or the cluster. */
  private guestAccessErrors(severity: GuestAccessProblem['severity']): PxSecurityError[] {
    const authless = this.storageClasses
      .filter((storageClass) => storageClass.token === undefined)
      .map((storageClass) => ({ kind: storageClass.kind ?? 'StorageClass', name: storageClass.name }));
    const problems = guestAccessProblems(this.cluster.guestAccess, authless).filter((problem) => problem.severity === severity);
    if (problems.length === 0) return [];
    // A problem names a class by kind and name: one index, so that many classes without auth stay linear.
    const classes = new Map<string, ModelStorageClass>();
    for (const storageClass of this.storageClasses) {
      const key = `${storageClass.kind ?? 'StorageClass'} ${storageClass.name}`;
      if (!classes.has(key)) classes.set(key, storageClass);
    }
    return problems.map((problem) =>
      this.guestAccessError(
        problem,
        problem.kind === undefined || problem.className === undefined ? undefined : classes.get(`${problem.kind} ${problem.className}`),
      ),
    );
  }

  private guestAccessError(problem: GuestAccessProblem, storageClass: ModelStorageClass | undefined): PxSecurityError {
    return new PxSecurityError({
      code: problem.code,
      field: storageClass ? `${storageClass.field}.token` : `${this.clusterPath}.guestAccess`,
      value: storageClass ? `${problem.kind} ${storageClass.name}` : (this.cluster.guestAccess ?? 'unset'),
      problem: problem.message,
      fix: problem.fix,
    });
  }

  private checkReservedNames(): PxSecurityError[] {
    return operatorOwnedTokenSecrets(this.views(), this.cluster.operatorNamespace).map(
      ({ subject: secret }) =>
        new PxSecurityError({
          code: 'TOKEN_SECRET_OPERATOR_OWNED',
          field: `${secret.field}.name`,
          value: `${secret.namespace}/${secret.name}`,
          problem: 'is a Secret the Portworx operator owns; it overwrites this token with its own',
          fix: 'choose another Secret name, e.g. "px-k8s-user"',
        }),
    );
  }

  private checkDuplicates(): PxSecurityError[] {
    const views = this.views();
    // Two token Secrets in one place are one case of OBJECT_DUPLICATE (unique-objects.ts), checked over every object emitted.
    const problems: PxSecurityError[] = [];
    // A declaration rule: a bundle shows no tenants, only their Secrets (and Namespaces).
    const tenantNamespaces = new Map<string, ModelTokenSecret>();
    for (const secret of this.tokenSecrets.filter((candidate) => candidate.tenant)) {
      const sameNamespace = tenantNamespaces.get(secret.namespace);
      if (sameNamespace) {
        problems.push(
          new PxSecurityError({
            code: 'TENANT_NAMESPACE_DUPLICATE',
            field: `${secret.field}.namespace`,
            value: secret.namespace,
            problem: `is already the namespace of ${sameNamespace.field}`,
            fix: 'give each tenant its own namespace',
          }),
        );
      }
      tenantNamespaces.set(secret.namespace, sameNamespace ?? secret);
    }
    for (const { secret, sub, others } of sharedSubs(views)) {
      problems.push(
        new PxSecurityError({
          code: 'TOKEN_SUB_SHARED',
          field: `${secret.subject.field}.identity.sub`,
          value: sub,
          problem: `is also the sub of ${listNames(others.map((other) => other.subject.field))}; Portworx makes sub the owner of volumes, so these token Secrets act as one user`,
          fix: 'give each identity its own sub (or leave sub unset to derive it from a distinct name), and keep one token Secret per identity',
        }),
      );
    }
    return problems;
  }

  private checkStorageClassTokens(): PxSecurityError[] {
    // One index of the token Secrets, so that a class per tenant stays linear in the number of tenants.
    const places = tokenSecretPlaces(this.tokenSecrets);
    const tenants = this.tokenSecrets.filter((secret) => secret.tenant);
    // A loop, not flatMap: nearly every class is fine, and an app may have 20,000 of them.
    const errors: PxSecurityError[] = [];
    for (const storageClass of this.storageClasses) {
      const found = this.checkStorageClassToken(storageClass, places, tenants);
      if (found.length > 0) errors.push(...found);
    }
    return errors;
  }

  private checkStorageClassToken(storageClass: ModelStorageClass, places: TokenSecretPlaces, tenants: readonly ModelTokenSecret[]): readonly PxSecurityError[] {
    const token = storageClass.token;
    if (token === undefined) return NO_ERRORS;
    const { codes, consumer: uses } = CLASS_KINDS[storageClass.kind ?? 'StorageClass'];
    if (token.kind === 'fixed') {
      if (storageClass.tokenSecretExternal) return NO_ERRORS;
      if (!tokenSecretMissing({ namespace: token.namespace, name: token.secretName }, places)) return NO_ERRORS;
      return [
        new PxSecurityError({
          code: codes.secretMissing,
          field: `${storageClass.field}.token`,
          value: `${token.namespace}/${token.secretName}`,
          problem: `names a token Secret that nothing in this app creates; every ${uses} on the class would fail`,
          fix: `add it with the cluster's addTokenSecret, or set tokenSecretExternal: true if it is created elsewhere`,
        }),
      ];
    }
    if (tenants.length === 0) {
      return [
        new PxSecurityError({
          code: codes.noTenant,
          field: `${storageClass.field}.token`,
          value: 'per-tenant',
          problem: `reads each ${uses}'s token from the ${uses}'s own namespace, but this app declares no tenant`,
          fix: 'add a PxTenant for every namespace that will use the class, or use a fixed token Secret',
        }),
      ];
    }
    const secretName = token.secretName;
    return tenants
      .filter((tenant) => tenant.name !== secretName)
      .map(
        (tenant) =>
          new PxSecurityError({
            code: codes.tenantSecretMissing,
            field: `${storageClass.field}.token.secretName`,
            value: secretName,
            problem: `is not the token Secret of ${tenant.field} ("${tenant.name}" in ${tenant.namespace}), so its ${uses}s would fail`,
            fix: 'use the same token Secret name for the class and its tenants (default "px-k8s-user")',
          }),
      );
  }
}
