import { z } from 'zod';

/** Where and how people, customers and groups are found; the same mapping for LDAP and LDIF. */
export const directoryMappingSchema = z.object({
  baseDn: z.string().min(1),
  /** Attribute holding the stable id: entryUUID (OpenLDAP), objectGUID (Active Directory). */
  idAttribute: z.string().default('entryUUID'),
  usernameAttribute: z.string().default('uid'),
  /** Filter that finds a login candidate; `{username}` is replaced by the escaped user name. */
  userFilter: z.string().default('(&(objectClass=inetOrgPerson)(uid={username}))'),
  peopleBase: z.string().min(1),
  customersBase: z.string().min(1),
  customerFilter: z.string().default('(objectClass=inetOrgPerson)'),
  groupsBase: z.string().min(1),
  groupFilter: z.string().default('(objectClass=groupOfNames)'),
  memberAttribute: z.string().default('member'),
  /** Attributes a customer search matches by substring; default cn, displayName, uid, mail, o (institution name). */
  customerSearchAttributes: z.array(z.string().min(1)).min(1).optional(),
  /**
   * The password policy that applies when an entry names none (OpenLDAP `ppolicy_default`):
   * read back after a failed bind to tell an expired password from a wrong one.
   */
  defaultPolicyDn: z.string().min(1).optional(),
});
export type DirectoryMapping = z.infer<typeof directoryMappingSchema>;

export const ldapDirectoryConfigSchema = z.object({
  kind: z.literal('ldap'),
  /** ldaps://host:636, or ldap://host:389 with startTls. */
  url: z.string().regex(/^ldaps?:\/\//u, 'must start with ldap:// or ldaps://'),
  startTls: z.boolean().default(false),
  /** PEM file of the CA that signed the directory's certificate. */
  caFile: z.string().min(1),
  /** Service account, used by the server to find people; never by the Desk. */
  serviceDn: z.string().optional(),
  servicePassword: z.string().optional(),
  timeoutMs: z.number().int().positive().default(5000),
  mapping: directoryMappingSchema,
});
export type LdapDirectoryConfig = z.infer<typeof ldapDirectoryConfigSchema>;

export const ldifDirectoryConfigSchema = z.object({
  kind: z.literal('ldif'),
  /** A demo LDIF file read by the same directory interface. */
  file: z.string().min(1),
  mapping: directoryMappingSchema,
});
export type LdifDirectoryConfig = z.infer<typeof ldifDirectoryConfigSchema>;

export const directoryConfigSchema = z.discriminatedUnion('kind', [ldapDirectoryConfigSchema, ldifDirectoryConfigSchema]);
export type DirectoryConfig = z.infer<typeof directoryConfigSchema>;
