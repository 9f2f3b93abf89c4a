import { z } from 'zod';

/** An attribute description as LDAP names it (`o`, `seeAlso`, `kontorInstitution`); never filter syntax. */
const attributeNameSchema = z.string().regex(/^[A-Za-z][A-Za-z0-9-]{0,63}$/u, 'must be an LDAP attribute name');

/** Organisation entries below the customers base count as institutions in the parent shape, with or without customers. */
export const defaultInstitutionEntryFilter = '(objectClass=organization)';

/**
 * Where a customer user's institution is written in the directory (docs/server.md, "Directory shapes"):
 * - `parent`: the entry directly above the customer, below `customersBase` (the default);
 * - `attribute`: an attribute of the customer's own entry holds the institution's name, and its id is
 *   derived from the normalised name (a rename therefore makes a new institution);
 * - `reference`: a DN-valued attribute of the customer's entry points at the institution's entry, anywhere.
 */
export const institutionShapeSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('parent'),
    /** Which entries below customersBase are institutions when the whole directory is listed. */
    filter: z.string().min(1).default(defaultInstitutionEntryFilter),
  }),
  z.strictObject({ kind: z.literal('attribute'), attribute: attributeNameSchema.default('o') }),
  z.strictObject({ kind: z.literal('reference'), attribute: attributeNameSchema.default('seeAlso') }),
]);
export type InstitutionShape = z.infer<typeof institutionShapeSchema>;

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
   * Attribute of a customer user's entry holding their language (RFC 2798 `preferredLanguage`:
   * `de`, `en-GB`, `en-gb;q=0.8, de`): customer mails go out in German or English by it, German
   * when it names neither. Absent means `preferredLanguage`.
   */
  languageAttribute: attributeNameSchema.optional(),
  /** Where a customer's institution is; absent means `{ kind: 'parent' }`, as before this option existed. */
  institution: institutionShapeSchema.optional(),
  /**
   * The password policy that applies when an entry names none (OpenLDAP `ppolicy_default`):
   * read back after a failed bind to tell an expired password from a wrong one.
   */
  defaultPolicyDn: z.string().min(1).optional(),
});
export type DirectoryMapping = z.infer<typeof directoryMappingSchema>;

/** The institution shape a mapping configures, the parent shape when it names none. */
export function institutionShapeOf(mapping: DirectoryMapping): InstitutionShape {
  return mapping.institution ?? { kind: 'parent', filter: defaultInstitutionEntryFilter };
}

/** The attribute a mapping reads customer users' languages from. */
export function languageAttributeOf(mapping: DirectoryMapping): string {
  return mapping.languageAttribute ?? 'preferredLanguage';
}

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
