import { buildDemoDirectory, type DemoDirectory, type DirectoryExtension, defaultDemoBaseDn, demoPassword } from '../demo-directory.js';
import type { Bank } from './bank-types.js';

export interface BankDirectoryOptions {
  baseDn?: string;
}

/** The generated people and institutions of a bank, as the demo directory writer takes them. */
export function bankDirectoryExtension(bank: Bank): DirectoryExtension {
  const { seed } = bank;
  const staffOf = new Map<string, DirectoryExtension['institutions'][number]['customers'][number][]>();
  for (const customer of bank.customers) {
    const staff = staffOf.get(customer.institutionKey) ?? [];
    staff.push({ key: customer.key, idKey: customer.idKey, uid: customer.uid, givenName: customer.givenName, sn: customer.sn, mail: customer.mail, phone: customer.phone });
    staffOf.set(customer.institutionKey, staff);
  }
  return {
    header: `# Kontor bank directory generated from seed ${JSON.stringify(seed)} (src-shared/node/bank/); do not edit.\n`
      + `# Every person signs in with ${demoPassword}.\n`,
    people: bank.agents.filter((agent) => !agent.demo).map((agent) => ({
      key: agent.key, idKey: agent.idKey, uid: agent.uid, givenName: agent.givenName, sn: agent.sn,
      mail: agent.mail, phone: agent.phone, title: agent.title, groups: agent.groups,
    })),
    institutions: bank.institutions.filter((institution) => !institution.demo).map((institution) => ({
      key: institution.key,
      idKey: institution.idKey,
      name: institution.name,
      customers: staffOf.get(institution.key) ?? [],
    })),
  };
}

/** The whole directory of a bank: the demo directory with every generated person and institution added. */
export function buildBankDirectory(bank: Bank, { baseDn = defaultDemoBaseDn }: BankDirectoryOptions = {}): DemoDirectory {
  return buildDemoDirectory(baseDn, bankDirectoryExtension(bank));
}

/** The LDIF text of `buildBankDirectory`. */
export function bankDirectoryLdif(bank: Bank, options: BankDirectoryOptions = {}): string {
  return buildBankDirectory(bank, options).ldif;
}
