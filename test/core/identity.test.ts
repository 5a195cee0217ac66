import { PxSecurityError } from '../../lib/core/errors/errors';
import { IdentityProps, resolveIdentity } from '../../lib/core/token/identity';

/** The error `resolveIdentity` throws for `props`, to check its code and exact message. */
function failure(props: unknown): PxSecurityError {
  try {
    resolveIdentity(props as IdentityProps, { field: 'identity' });
  } catch (error) {
    if (error instanceof PxSecurityError) return error;
    throw error;
  }
  throw new Error('resolveIdentity accepted the identity');
}

describe('resolveIdentity', () => {
  test("the Portworx docs' four users resolve, keeping what they give", () => {
    expect(
      resolveIdentity(
        {
          name: 'Storage Administrator',
          email: 'storage-admin@example.com',
          sub: 'storage-admin@example.com/storage-admin',
          roles: ['system.admin'],
          groups: ['*'],
        },
        { field: 'admin' },
      ),
    ).toEqual({
      name: 'Storage Administrator',
      email: 'storage-admin@example.com',
      sub: 'storage-admin@example.com/storage-admin',
      roles: ['system.admin'],
      groups: ['*'],
    });
    expect(resolveIdentity({ name: 'Kubernetes', email: 'k@example.com', sub: 'k', roles: ['system.user'], groups: ['kubernetes'] }, { field: 'k8s' })).toEqual(
      {
        name: 'Kubernetes',
        email: 'k@example.com',
        sub: 'k',
        roles: ['system.user'],
        groups: ['kubernetes'],
      },
    );
    expect(resolveIdentity({ name: 'Viewer', roles: ['system.view'], groups: ['viewers'] }, { field: 'viewer' })).toMatchObject({
      roles: ['system.view'],
      groups: ['viewers'],
    });
    expect(resolveIdentity({ name: 'tenant-a', roles: ['system.user'], groups: ['developers'] }, { field: 'tenant' })).toMatchObject({
      name: 'tenant-a',
      email: '',
    });
  });

  test('defaults: email "" and groups [], sub derived as openstorage-sdk-auth does: base64("openstorage.io/<name>/<email>")', () => {
    // Expected values computed by hand: base64 of "openstorage.io/tenant-a/" and of "openstorage.io/Viewer/viewer@example.com".
    expect(resolveIdentity({ name: 'tenant-a', roles: ['system.user'] }, { field: 'identity' })).toEqual({
      name: 'tenant-a',
      email: '',
      sub: 'b3BlbnN0b3JhZ2UuaW8vdGVuYW50LWEv',
      roles: ['system.user'],
      groups: [],
    });
    expect(Buffer.from('b3BlbnN0b3JhZ2UuaW8vdGVuYW50LWEv', 'base64').toString()).toBe('openstorage.io/tenant-a/');
    expect(resolveIdentity({ name: 'Viewer', email: 'viewer@example.com', roles: ['system.view'] }, { field: 'identity' }).sub).toBe(
      Buffer.from('openstorage.io/Viewer/viewer@example.com').toString('base64'),
    );
  });

  test('the derived sub is stable and differs per name and per email; an empty sub counts as absent', () => {
    const sub = (props: Partial<IdentityProps>): string => resolveIdentity({ name: 'a', roles: ['system.user'], ...props }, { field: 'identity' }).sub;
    expect(sub({})).toBe(sub({}));
    expect(sub({ sub: '' })).toBe(sub({}));
    expect(sub({ name: 'b' })).not.toBe(sub({}));
    expect(sub({ email: 'a@example.com' })).not.toBe(sub({}));
    expect(sub({ email: '' })).toBe(sub({}));
  });

  test('a resolved identity resolves to itself (also with allowAllGroups)', () => {
    const resolved = resolveIdentity({ name: 'ops', roles: ['system.user'], groups: ['*'], allowAllGroups: true }, { field: 'identity' });
    expect(resolved).toEqual({ name: 'ops', email: '', sub: expect.any(String), roles: ['system.user'], groups: ['*'], allowAllGroups: true });
    expect(resolveIdentity(resolved, { field: 'again' })).toEqual(resolved);
  });

  test('returns copies: changing the props later does not change the identity', () => {
    const roles = ['system.user'];
    const resolved = resolveIdentity({ name: 'a', roles }, { field: 'identity' });
    roles.push('system.admin');
    expect(resolved.roles).toEqual(['system.user']);
  });

  test('custom roles pass in the grammar of Portworx (openstorage pkg/role: anything but "/" and space), whatever their case', () => {
    const roles = [
      'tenant.volume-admin',
      'system.guest',
      'backup_operator',
      'app.v2.reader',
      'volumeAdmin',
      'my_role',
      'Admin',
      '.admin',
      'admin.',
      'tenant:ops',
      'équipe-a',
    ];
    expect(resolveIdentity({ name: 'a', roles }, { field: 'identity' }).roles).toEqual(roles);
  });

  test.each([
    ['system.users', 'system.user'],
    ['sytem.admin', 'system.admin'],
    ['System.Admin', 'system.admin'],
    ['SYSTEM.VIEW', 'system.view'],
    ['system.viewer', 'system.view'],
    ['system.guests', 'system.guest'],
    ['system.amin', 'system.admin'],
  ])('near miss %s: IDENTITY_ROLE_UNKNOWN suggesting %s', (role, suggestion) => {
    const error = failure({ name: 'a', roles: ['system.user', role] });
    expect(error.code).toBe('IDENTITY_ROLE_UNKNOWN');
    expect(error.message).toBe(
      `identity.roles[1] "${role}" is not a Portworx role (did you mean "${suggestion}"?): use "${suggestion}", or one of system.admin, system.user, system.view, system.guest`,
    );
  });

  test.each([
    ['tenant admin', 'is not a role name Portworx can hold: a role name may not contain "/" or a space'],
    ['tenant/admin', 'is not a role name Portworx can hold: a role name may not contain "/" or a space'],
    ['admin ', 'is not a role name Portworx can hold: a role name may not contain "/" or a space'],
    ['', 'is not a role name: it is empty'],
  ])("%j: IDENTITY_ROLE_INVALID saying Portworx's grammar", (role, problem) => {
    const error = failure({ name: 'a', roles: [role] });
    expect(error.code).toBe('IDENTITY_ROLE_INVALID');
    expect(error.message).toBe(
      `identity.roles[0] ${JSON.stringify(role)} ${problem}: use one of system.admin, system.user, system.view, system.guest, or a custom role without "/" or spaces, such as "tenant.volume-admin" (openstorage pkg/role)`,
    );
  });

  test.each([
    ['no name', { roles: ['system.user'] }, 'IDENTITY_VALUE_INVALID', 'identity.name is not a string: give the account name, such as "tenant-a"'],
    ['empty name', { name: '', roles: ['system.user'] }, 'IDENTITY_NAME_EMPTY', 'identity.name "" is empty: give the account a name, such as "tenant-a"'],
    ['blank name', { name: '  ', roles: ['system.user'] }, 'IDENTITY_NAME_EMPTY', 'identity.name "  " is empty: give the account a name, such as "tenant-a"'],
    [
      'name with a newline',
      { name: 'a\nb', roles: ['system.user'] },
      'IDENTITY_VALUE_INVALID',
      'identity.name "a\\nb" holds a control character or an unpaired surrogate: give the account name, such as "tenant-a", in printable characters only',
    ],
    [
      'email without @',
      { name: 'a', email: 'a.example.com', roles: ['system.user'] },
      'IDENTITY_EMAIL_INVALID',
      'identity.email "a.example.com" does not look like an email address: write it as local@domain, such as "tenant-a@example.com", or leave it out',
    ],
    [
      'email with a space',
      { name: 'a', email: 'a b@example.com', roles: ['system.user'] },
      'IDENTITY_EMAIL_INVALID',
      'identity.email "a b@example.com" does not look like an email address: write it as local@domain, such as "tenant-a@example.com", or leave it out',
    ],
    [
      'blank sub',
      { name: 'a', sub: ' ', roles: ['system.user'] },
      'IDENTITY_SUB_INVALID',
      'identity.sub " " is blank; Portworx makes sub the owner of volumes: give a unique ID for the account, or leave sub out to derive one from name and email',
    ],
    [
      'sub as a number',
      { name: 'a', sub: 42, roles: ['system.user'] },
      'IDENTITY_VALUE_INVALID',
      'identity.sub 42 is not a string: give a unique ID for the account, or leave it out to derive one from name and email',
    ],
    ['no roles', { name: 'a' }, 'IDENTITY_ROLES_INVALID', 'identity.roles is not a list of role names: write a list such as ["system.user"]'],
    [
      'roles as a string',
      { name: 'a', roles: 'system.user' },
      'IDENTITY_ROLES_INVALID',
      'identity.roles "system.user" is not a list of role names: write a list such as ["system.user"]',
    ],
    [
      'empty roles',
      { name: 'a', roles: [] },
      'IDENTITY_ROLES_EMPTY',
      'identity.roles [] is empty; a token without roles can do nothing: give at least one role, such as ["system.user"]',
    ],
    [
      'a role that is not a string',
      { name: 'a', roles: [7] },
      'IDENTITY_VALUE_INVALID',
      'identity.roles[0] 7 is not a string: give a role name such as "system.user"',
    ],
    [
      'groups as a string',
      { name: 'a', roles: ['system.user'], groups: 'developers' },
      'IDENTITY_GROUPS_INVALID',
      'identity.groups "developers" is not a list of group names: write a list such as ["developers"], or leave groups out',
    ],
    [
      'an empty group',
      { name: 'a', roles: ['system.user'], groups: ['developers', ''] },
      'IDENTITY_GROUPS_INVALID',
      'identity.groups[1] "" is empty: give the group a name, such as "developers", or remove the entry',
    ],
    [
      'a group that is not a string',
      { name: 'a', roles: ['system.user'], groups: [null] },
      'IDENTITY_VALUE_INVALID',
      'identity.groups[0] null is not a string: give a group name such as "developers"',
    ],
    [
      'group * without system.admin',
      { name: 'a', roles: ['system.user'], groups: ['*'] },
      'IDENTITY_ALL_GROUPS_NOT_ADMIN',
      'identity.groups ["*"] holds "*" (every resource) but roles ["system.user"] do not include system.admin: add "system.admin" to roles, name the groups this account needs, or set allowAllGroups: true if "*" is meant',
    ],
    [
      'not an object',
      'tenant-a',
      'IDENTITY_INVALID',
      'identity "tenant-a" is not an identity: give an object with name, roles and optionally email, sub and groups',
    ],
  ])('%s: %s', (_case, props, code, message) => {
    const error = failure(props);
    expect(error.code).toBe(code);
    expect(error.message).toBe(message);
  });

  test('group * passes with system.admin among other roles, and with allowAllGroups', () => {
    expect(resolveIdentity({ name: 'a', roles: ['system.view', 'system.admin'], groups: ['*'] }, { field: 'identity' }).groups).toEqual(['*']);
    expect(resolveIdentity({ name: 'a', roles: ['system.view'], groups: ['*'], allowAllGroups: true }, { field: 'identity' }).groups).toEqual(['*']);
  });

  test('an unpaired surrogate is refused; a paired one (an emoji) is fine', () => {
    expect(failure({ name: 'a\ud800', roles: ['system.user'] }).code).toBe('IDENTITY_VALUE_INVALID');
    expect(resolveIdentity({ name: 'team 🚀', roles: ['system.user'] }, { field: 'identity' }).name).toBe('team 🚀');
  });
});
