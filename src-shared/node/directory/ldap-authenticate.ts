import { InappropriateAuthError, InvalidCredentialsError, InvalidDNSyntaxError, NoSuchObjectError } from 'ldapts';
import {
  activeDirectoryReason,
  failureMessages,
  noPolicy,
  policyAttributes,
  policyFrom,
  policyStateAttributes,
  policyVerdict,
} from './account-state.js';
import type { DirectoryMapping } from './config.js';
import { DnSyntaxError, parseDn } from './dn.js';
import { checkedDn, checkedPassword } from './input.js';
import { type LdapTransport, openClient } from './ldap-connection.js';
import type { DirectoryRecord } from './records.js';
import type { AuthFailureReason, AuthOutcome } from './types.js';

export interface LdapAuthContext {
  transport: LdapTransport;
  mapping: DirectoryMapping;
  /** Reads an entry over the kept (service) connection; null when absent or unreadable. */
  readEntry(dn: string, attributes: string[]): Promise<DirectoryRecord | null>;
  now?: () => number;
}

export function refused(reason: AuthFailureReason): AuthOutcome {
  return { ok: false, reason, message: failureMessages[reason] };
}

/**
 * Binds as `dn` on a fresh connection of its own, so that a person's bind never changes who the
 * kept connection is. Only ever refuses with a typed reason; it does not throw for the directory.
 */
export async function authenticateOverLdap(context: LdapAuthContext, dn: string, password: string): Promise<AuthOutcome> {
  // An empty password would make this an unauthenticated bind, which servers may accept.
  if (password === '') return refused('empty-password');
  checkedDn(dn);
  checkedPassword(password);
  try {
    if (parseDn(dn).length === 0) return refused('invalid-credentials');
  } catch (error) {
    if (error instanceof DnSyntaxError) return refused('invalid-credentials');
    throw error;
  }
  try {
    const { client } = await openClient(context.transport, { dn, password });
    await client.unbind().catch(() => undefined);
    return { ok: true };
  } catch (error) {
    if (error instanceof InvalidCredentialsError) return explainFailedBind(context, dn, error.message);
    if (error instanceof InvalidDNSyntaxError || error instanceof NoSuchObjectError || error instanceof InappropriateAuthError) {
      return refused('invalid-credentials');
    }
    return refused('directory-unavailable');
  }
}

/**
 * A failed bind says only "invalid credentials". Active Directory adds a code to the message;
 * OpenLDAP keeps lock and expiry in the entry, which we read back with the kept connection.
 */
async function explainFailedBind(context: LdapAuthContext, dn: string, message: string): Promise<AuthOutcome> {
  const fromActiveDirectory = activeDirectoryReason(message);
  if (fromActiveDirectory) return refused(fromActiveDirectory);
  try {
    const entry = await context.readEntry(dn, policyStateAttributes);
    if (!entry) return refused('invalid-credentials');
    const first = (record: DirectoryRecord, attribute: string): string | undefined => record.text(attribute)[0];
    const policyDn = first(entry, 'pwdPolicySubentry') ?? context.mapping.defaultPolicyDn;
    const policyEntry = policyDn ? await context.readEntry(policyDn, policyAttributes) : null;
    const policy = policyEntry
      ? policyFrom({ pwdMaxAge: first(policyEntry, 'pwdMaxAge'), pwdLockout: first(policyEntry, 'pwdLockout'), pwdLockoutDuration: first(policyEntry, 'pwdLockoutDuration') })
      : noPolicy;
    const state = { pwdAccountLockedTime: first(entry, 'pwdAccountLockedTime') ?? null, pwdChangedTime: first(entry, 'pwdChangedTime') ?? null };
    return refused(policyVerdict(state, policy, (context.now ?? Date.now)()) ?? 'invalid-credentials');
  } catch {
    // The bind itself answered; without the read-back, "invalid credentials" is all we know.
    return refused('invalid-credentials');
  }
}
