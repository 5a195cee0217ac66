import { PxSecurityError, isPxSecurityError } from '../../lib/core/errors/errors';

describe('PxSecurityError', () => {
  it('names the field, the value and the fix', () => {
    const error = new PxSecurityError({
      code: 'DURATION_INVALID',
      field: 'tokenLifetime',
      value: '1h30m',
      problem: 'is not an openstorage duration',
      fix: 'use a whole number and one unit of s, m, h, d or y, such as "90m"',
    });
    expect(error.message).toBe('tokenLifetime "1h30m" is not an openstorage duration: use a whole number and one unit of s, m, h, d or y, such as "90m"');
    expect(error.code).toBe('DURATION_INVALID');
    expect(isPxSecurityError(error)).toBe(true);
    expect(isPxSecurityError(new Error('x'))).toBe(false);
  });

  it('leaves the value out when there is none', () => {
    const error = new PxSecurityError({ code: 'ISSUER_INVALID', field: 'issuer', problem: 'is required', fix: 'set it' });
    expect(error.message).toBe('issuer is required: set it');
  });
});
