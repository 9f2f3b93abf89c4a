import type { DirectoryConfig } from './config.js';
import { LdapDirectory } from './ldap.js';
import type { BindCredentials } from './ldap-connection.js';
import { LdifDirectory } from './ldif.js';
import type { Directory } from './types.js';

export type { BindCredentials } from './ldap-connection.js';

/**
 * The directory a configuration describes. `credentials` bind the kept look-up connection:
 * the service account on the server, the agent's own DN and password on the Desk. Throws
 * DirectoryConfigError for an unsafe or unusable configuration.
 */
export function createDirectory(config: DirectoryConfig, credentials?: BindCredentials): Directory {
  return config.kind === 'ldap' ? new LdapDirectory(config, credentials) : LdifDirectory.fromFile(config, credentials);
}
