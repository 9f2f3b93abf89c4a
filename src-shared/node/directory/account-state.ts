import type { AuthFailureReason } from './types.js';

/**
 * Why a bind failed, beyond "wrong password": password-policy state as OpenLDAP's ppolicy
 * overlay keeps it in the entry, and Active Directory's diagnostic codes. ldapts does not expose
 * bind response controls, so the LDAP directory reads this state back after a failed bind
 * (docs/decisions/ldap-account-state.md); the LDIF directory evaluates the same attributes.
 */

export interface PasswordPolicy {
  /** Seconds a password stays valid after pwdChangedTime; 0 means forever. */
  maxAgeSeconds: number;
  /** OpenLDAP honours pwdAccountLockedTime only when the policy's pwdLockout is TRUE. */
  lockout: boolean;
  /** Seconds a lock lasts; 0 means until an administrator unlocks. */
  lockoutDurationSeconds: number;
}

export const noPolicy: PasswordPolicy = { maxAgeSeconds: 0, lockout: true, lockoutDurationSeconds: 0 };

export interface AccountPolicyState {
  pwdAccountLockedTime: string | null;
  pwdChangedTime: string | null;
}

export const policyStateAttributes = ['pwdAccountLockedTime', 'pwdChangedTime', 'pwdPolicySubentry'];
export const policyAttributes = ['pwdMaxAge', 'pwdLockout', 'pwdLockoutDuration'];

const generalizedTime = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})?(\d{2})?(?:[.,]\d+)?(Z|[+-]\d{4})$/u;

/** Milliseconds since the epoch for an LDAP GeneralizedTime, or null if it is not one. */
export function parseGeneralizedTime(value: string): number | null {
  const match = generalizedTime.exec(value.trim());
  if (!match) return null;
  const [, year, month, day, hour, minute = '00', second = '00', zone = 'Z'] = match;
  const date = new Date(0);
  date.setUTCFullYear(Number(year), Number(month) - 1, Number(day));
  date.setUTCHours(Number(hour), Number(minute), Number(second), 0);
  let time = date.getTime();
  if (zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    time -= sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5))) * 60_000;
  }
  return Number.isNaN(time) ? null : time;
}

export function policyFrom(values: { pwdMaxAge?: string; pwdLockout?: string; pwdLockoutDuration?: string }): PasswordPolicy {
  const seconds = (value: string | undefined): number => {
    const parsed = Number.parseInt(value ?? '0', 10);
    return Number.isFinite(parsed) && parsed > 0 ? parsed : 0;
  };
  return {
    maxAgeSeconds: seconds(values.pwdMaxAge),
    lockout: values.pwdLockout === undefined ? noPolicy.lockout : values.pwdLockout.toUpperCase() === 'TRUE',
    lockoutDurationSeconds: seconds(values.pwdLockoutDuration),
  };
}

/** What the policy state says about a sign-in at `now`, or null when it says nothing. */
export function policyVerdict(state: AccountPolicyState, policy: PasswordPolicy, now: number): 'account-locked' | 'password-expired' | null {
  if (state.pwdAccountLockedTime !== null && policy.lockout) {
    const lockedAt = parseGeneralizedTime(state.pwdAccountLockedTime);
    // 000001010000Z (or anything unreadable) is OpenLDAP's "locked until an administrator
    // unlocks"; a lock time in the future is not in effect yet; duration 0 never expires.
    if (lockedAt === null || state.pwdAccountLockedTime.startsWith('0000')) return 'account-locked';
    const lockDuration = policy.lockoutDurationSeconds * 1000;
    if (lockedAt <= now && (lockDuration === 0 || now < lockedAt + lockDuration)) return 'account-locked';
  }
  if (state.pwdChangedTime !== null && policy.maxAgeSeconds > 0) {
    const changedAt = parseGeneralizedTime(state.pwdChangedTime);
    if (changedAt !== null && changedAt + policy.maxAgeSeconds * 1000 <= now) return 'password-expired';
  }
  return null;
}

/**
 * Active Directory puts the real reason into the diagnostic message of error 49
 * ("80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 775, v4563").
 */
export function activeDirectoryReason(message: string): AuthFailureReason | null {
  const code = /\bdata ([0-9a-f]{3,4})\b/iu.exec(message)?.[1]?.toLowerCase();
  switch (code) {
    case '775':
      return 'account-locked';
    case '532':
    case '773':
      return 'password-expired';
    case '533':
    case '701':
      return 'account-disabled';
    default:
      return null;
  }
}

export const failureMessages: Record<AuthFailureReason, string> = {
  'invalid-credentials': 'The user name or password is wrong.',
  'empty-password': 'A password is required.',
  'password-expired': 'The password has expired and must be changed.',
  'account-locked': 'The account is locked.',
  'account-disabled': 'The account is disabled.',
  'directory-unavailable': 'The directory cannot be reached.',
};
