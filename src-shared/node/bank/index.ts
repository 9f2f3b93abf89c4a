/**
 * The generated bank: people and institutions for the directory (LDIF) and a period of ticket
 * scripts for the database, from one seed, so that both agree on every id.
 */
export type { Bank, BankAgent, BankCustomer, BankInstitution, BankPerson } from './bank-types.js';
export { type BankOptions, generateBank } from './bank.js';
export { type BankDirectoryOptions, bankDirectoryExtension, bankDirectoryLdif, buildBankDirectory } from './directory-ldif.js';
export {
  type BankQueue, bankQueue, bankQueueConfig, bankQueues, bankRoles, groupGrants, mayAct, mayEnter, permissionsOf, type QueueGroup, queueGroups, queueId,
  type QueueName, queueNames, roleNames,
} from './service-organisation.js';
export type { ScriptStep, TicketScript } from './script-types.js';
export { generateTicketScripts, type TicketScriptOptions } from './ticket-scripts.js';
export { Random } from './random.js';
