/** What the global setup (test/harness/global-setup.ts) hands to every test file through `inject()`. */
export interface LdapTestContext {
  /** ldap:// URL of the private slapd (use with startTls: true). */
  ldapUrl: string;
  /** ldaps:// URL of the private slapd. */
  ldapsUrl: string;
  /** PEM of the test CA that signed slapd's certificate (IP SAN 127.0.0.1). */
  caFile: string;
  /** PEM of an unrelated CA: a client trusting only this must refuse slapd. */
  foreignCaFile: string;
  baseDn: string;
  serviceDn: string;
  servicePassword: string;
  /** rootdn, for tests that add and remove their own entries; never change the generated ones. */
  adminDn: string;
  adminPassword: string;
}

export interface PostgresTestContext {
  host: string;
  port: number;
  user: string;
  /** Migrated database to copy with CREATE DATABASE ... TEMPLATE (see test/harness/database.ts). */
  templateDatabase: string;
}

export interface PkiTestContext {
  caFile: string;
  foreignCaFile: string;
  /** Certificate for 127.0.0.1 and localhost, signed by caFile: for HTTPS servers in tests. */
  serverCertFile: string;
  serverKeyFile: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    ldap: LdapTestContext;
    postgres: PostgresTestContext;
    pki: PkiTestContext;
  }
}
