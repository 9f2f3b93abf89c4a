import { describe, expect, it } from 'vitest';
import { activeDirectoryReason, parseGeneralizedTime, policyFrom, policyVerdict } from '../../../../src-shared/node/directory/account-state.js';
import { hashSsha, verifyPassword } from '../../../../src-shared/node/directory/password-hash.js';

const now = Date.parse('2026-03-01T12:00:00Z');

describe('parseGeneralizedTime', () => {
  it.each([
    ['20260301120000Z', '2026-03-01T12:00:00.000Z'],
    ['202603011200Z', '2026-03-01T12:00:00.000Z'],
    ['20260301120000.5Z', '2026-03-01T12:00:00.000Z'],
    ['20260301140000+0200', '2026-03-01T12:00:00.000Z'],
  ])('%s', (value, iso) => {
    expect(new Date(parseGeneralizedTime(value) ?? 0).toISOString()).toBe(iso);
  });

  it('reads year 0000 without turning it into 1900', () => {
    expect(parseGeneralizedTime('000001010000Z')).toBeLessThan(Date.parse('0001-01-01T00:00:00Z'));
    expect(parseGeneralizedTime('yesterday')).toBeNull();
  });
});

describe('policyVerdict', () => {
  const state = (locked: string | null, changed: string | null): { pwdAccountLockedTime: string | null; pwdChangedTime: string | null } => ({ pwdAccountLockedTime: locked, pwdChangedTime: changed });
  const ninetyDays = policyFrom({ pwdMaxAge: '7776000', pwdLockout: 'TRUE' });

  it('reports an administrative lock, and none where pwdLockout is FALSE (as OpenLDAP 2.5 does)', () => {
    expect(policyVerdict(state('000001010000Z', null), ninetyDays, now)).toBe('account-locked');
    expect(policyVerdict(state('000001010000Z', null), policyFrom({ pwdLockout: 'FALSE' }), now)).toBeNull();
  });

  it('reports an expired password only after pwdMaxAge', () => {
    expect(policyVerdict(state(null, '20000101000000Z'), ninetyDays, now)).toBe('password-expired');
    expect(policyVerdict(state(null, '20260215000000Z'), ninetyDays, now)).toBeNull();
    expect(policyVerdict(state(null, '20000101000000Z'), policyFrom({ pwdMaxAge: '0' }), now)).toBeNull();
  });
});

describe('activeDirectoryReason', () => {
  it.each([
    ['80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 775, v4563', 'account-locked'],
    ['80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 532, v4563', 'password-expired'],
    ['80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 773, v4563', 'password-expired'],
    ['80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 533, v4563', 'account-disabled'],
    ['80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 52e, v4563', null],
    ['Invalid credentials', null],
  ])('%s', (message, reason) => {
    expect(activeDirectoryReason(message)).toBe(reason);
  });
});

describe('password hashes', () => {
  it('verifies {SSHA} and {SSHA512} and never a cleartext value', () => {
    const salt = Buffer.from('12345678');
    expect(verifyPassword('Kontor-Demo-1', hashSsha('Kontor-Demo-1', salt))).toBe(true);
    expect(verifyPassword('kontor-demo-1', hashSsha('Kontor-Demo-1', salt))).toBe(false);
    expect(verifyPassword('geheim', hashSsha('geheim', salt, 'SSHA512'))).toBe(true);
    expect(verifyPassword('geheim', 'geheim')).toBe(false);
    expect(verifyPassword('geheim', '{SSHA}')).toBe(false);
  });
});
