import { demoId } from '../demo-directory.js';
import { type DemoInstitutionSpec, demoInstitutionsSpec } from '../demo-directory-spec.js';
import type { BankInstitution } from './bank-types.js';
import { institutionName } from './institution-names.js';
import { asciiName } from './names.js';
import type { Random } from './random.js';

const legalForms = /\b(?:GmbH & Co\. KG|GmbH|mbH|AG|KG|eG|S\.A\.|S\.p\.A\.|N\.V\.|Ltd)(?=\s|$)/gu;

/** `Bankhaus Lampe & Söhne KG` → `bankhaus-lampe-soehne.example`. */
function mailDomain(name: string, taken: Set<string>): string {
  const words = name.replace(legalForms, ' ').split(/[^\p{L}\p{N}]+/u).map(asciiName).filter((word) => word !== '');
  const base = words.slice(0, 4).join('-') || 'institution';
  let domain = `${base}.example`;
  for (let suffix = 2; taken.has(domain); suffix += 1) domain = `${base}-${suffix}.example`;
  taken.add(domain);
  return domain;
}

function demoInstitutions(): BankInstitution[] {
  return Object.entries<DemoInstitutionSpec>(demoInstitutionsSpec).map(([key, spec]) => {
    const firstMail = Object.values(spec.customers)[0]?.mail ?? `info@${key}.example`;
    const country = key === 'globex' ? 'GB' : key === 'initech' ? 'FR' : 'DE';
    const idKey = `institution:${key}`;
    return { key, id: demoId(idKey), idKey, name: spec.name, country, domain: firstMail.slice(firstMail.indexOf('@') + 1), demo: true };
  });
}

/** The demo institutions, then generated ones up to `count`, names unique. */
export function generateInstitutions(random: Random, count: number): BankInstitution[] {
  const institutions = demoInstitutions();
  const names = new Set(institutions.map((institution) => institution.name.toLowerCase()));
  const domains = new Set(institutions.map((institution) => institution.domain));
  for (let index = institutions.length; index < count; index += 1) {
    const { name, country } = institutionName(random, names);
    names.add(name.toLowerCase());
    const key = `bank:institution:${index}`;
    institutions.push({ key, id: demoId(key), idKey: key, name, country, domain: mailDomain(name, domains), demo: false });
  }
  return institutions;
}
