import { demoId } from '../demo-directory.js';
import { type DemoInstitutionSpec, demoInstitutionsSpec } from '../demo-directory-spec.js';
import type { BankCustomer, BankInstitution } from './bank-types.js';
import { phonePrefixes } from './institution-names.js';
import { asciiName, givenNames, originMix, surnames } from './names.js';
import type { Random } from './random.js';

/** How an institution spells its staff's mail addresses; each keeps to one. */
const mailStyles = [
  (given: string, sn: string) => `${given}.${sn}`,
  (given: string, sn: string) => `${given.slice(0, 1)}.${sn}`,
  (given: string, sn: string) => `${given.slice(0, 1)}${sn}`,
  (given: string, sn: string) => `${sn}.${given}`,
] as const;

function demoCustomers(): BankCustomer[] {
  return Object.entries<DemoInstitutionSpec>(demoInstitutionsSpec).flatMap(([institutionKey, spec]) =>
    Object.entries(spec.customers).map(([key, customer]) => {
      const idKey = `customer:${customer.uid}`;
      return {
        key, id: demoId(idKey), idKey, uid: customer.uid, givenName: customer.givenName, sn: customer.sn,
        displayName: `${customer.givenName} ${customer.sn}`, mail: customer.mail, phone: customer.phone, institutionKey, demo: true,
      };
    }),
  );
}

/** The first name that is not taken: `base`, `base2`, `base3`, … */
export function unique(base: string, taken: Set<string>): string {
  let candidate = base;
  for (let suffix = 2; taken.has(candidate); suffix += 1) candidate = `${base}${suffix}`;
  taken.add(candidate);
  return candidate;
}

/**
 * The demo customers, then generated staff of the generated institutions up to `count`:
 * every institution at least one, the large clients many (Zipf), user names unique in the
 * whole directory, mail addresses unique per domain.
 */
export function generateCustomers(random: Random, count: number, institutions: readonly BankInstitution[], uids: Set<string>): BankCustomer[] {
  const customers = demoCustomers();
  const generated = institutions.filter((institution) => !institution.demo);
  if (generated.length === 0) return customers;
  const localParts = new Map<string, Set<string>>();
  const localPartsOf = (domain: string): Set<string> => {
    const parts = localParts.get(domain) ?? new Set<string>();
    localParts.set(domain, parts);
    return parts;
  };
  for (const { mail } of customers) localPartsOf(mail.slice(mail.indexOf('@') + 1)).add(mail.slice(0, mail.indexOf('@')));
  const styles = new Map(generated.map((institution) => [institution.key, random.pick(mailStyles)]));
  const switchboards = new Map(generated.map((institution) => [institution.key, switchboard(random, institution.country)]));
  for (let index = customers.length; index < count; index += 1) {
    const generatedIndex = index - customers.length;
    // Every institution once, in order; then the big ones get more.
    const institution = generatedIndex < generated.length ? (generated[generatedIndex] as BankInstitution) : random.zipf(generated, 0.8);
    const origin = random.weighted(originMix[institution.country] ?? originMix.DE ?? []);
    const givenName = random.pick(givenNames[origin]);
    const sn = random.pick(surnames[origin]);
    const given = asciiName(givenName);
    const family = asciiName(sn);
    const style = styles.get(institution.key) ?? mailStyles[0];
    const mail = `${unique(style(given, family), localPartsOf(institution.domain))}@${institution.domain}`;
    const key = `bank:customer:${index}`;
    customers.push({
      key, id: demoId(key), idKey: key, uid: unique(`${given.slice(0, 1)}${family}`, uids), givenName, sn,
      displayName: `${givenName} ${sn}`, mail, phone: `${switchboards.get(institution.key) ?? '+49 69 5550'}-${String(random.int(100, 899))}`, institutionKey: institution.key, demo: false,
    });
  }
  return customers;
}

/** An institution's main number, to which each person's extension is added. */
function switchboard(random: Random, country: string): string {
  const prefix = phonePrefixes[country] ?? '+49';
  const area = country === 'DE' ? random.pick(['30', '40', '69', '89', '211', '221', '511', '621', '711', '911', '6151', '7071', '9561']) : String(random.int(1, 99));
  return `${prefix} ${area} ${String(random.int(2, 9))}${random.digits(3)}`;
}
