import type { Random } from './random.js';

/**
 * Names of client institutions as a securities settlement bank sees them: savings banks,
 * cooperative banks, private banks, asset managers and fund companies from Germany and its
 * neighbours, with the legal forms, umlauts, ampersands and parentheses their names carry.
 */

export interface InstitutionName {
  name: string;
  country: string;
}

const regions = [
  'Rhein-Nahe', 'Mittelhessen', 'Hochsauerland', 'Märkisch-Oderland', 'Lörrach-Rheinfelden', 'Oberschwaben', 'Ostholstein',
  'Südwestpfalz', 'Emsland', 'Göttingen', 'Allgäu', 'Vorderpfalz', 'Schwäbisch Hall-Crailsheim', 'Nürnberger Land', 'Oberlausitz',
  'Fürstenfeldbruck', 'Bodensee-Oberschwaben', 'Minden-Lübbecke', 'Westmünsterland', 'Uckermark', 'Saar-Pfalz', 'Düren',
];
const towns = [
  'Bad Homburg', 'Tübingen', 'Würzburg', 'Lüneburg', 'Bamberg', 'Gießen', 'Münster', 'Regensburg', 'Passau', 'Kempten',
  'Ansbach', 'Fürth', 'Landshut', 'Bad Tölz', 'Celle', 'Siegen', 'Paderborn', 'Coburg', 'Görlitz', 'Überlingen',
];
const families = [
  'Lampe', 'Metzler', 'Hauck', 'Löbbecke', 'Sal. Oppenheim', 'Gebr. Martin', 'Schröder', 'Ellwanger', 'Bürkle', 'Scheufelen',
  'Dörr', 'Reuschel', 'Hengstenberg', 'Möller', 'Bethmann', 'Delbrück', 'Warburg', 'Fürstenberg', 'Mühlhaus', 'Kühnle',
];
const foreignFamilies = ['Lefèvre', 'Dumont', 'Bertrand', 'Vasseur', 'Colonna', 'Ricci', 'Van der Berg', 'de Vries', 'Kowalczyk', 'Hartley'];
const brands = ['Alpha', 'Meridian', 'Nordstern', 'Rheintal', 'Atlas', 'Kronos', 'Aurum', 'Helvetia', 'Baltic', 'Lumen', 'Vesta', 'Orion'];

type Template = (random: Random) => InstitutionName;

const de = (name: string): InstitutionName => ({ name, country: 'DE' });

/** Templates with weights: savings and cooperative banks are the many small clients. */
const templates: readonly (readonly [Template, number])[] = [
  [(r) => de(`Sparkasse ${r.pick(regions)}`), 14],
  [(r) => de(`Kreissparkasse ${r.pick(towns)}`), 6],
  [(r) => de(`Stadtsparkasse ${r.pick(towns)}`), 4],
  [(r) => de(`Volksbank ${r.pick(regions)} eG`), 10],
  [(r) => de(`Raiffeisenbank ${r.pick(towns)} eG`), 6],
  [(r) => de(`VR-Bank ${r.pick(regions)} eG`), 5],
  [(r) => de(`Bankhaus ${r.pick(families)} & ${r.pick(['Söhne', 'Co.', 'Cie.'])} KG`), 5],
  [(r) => de(`Privatbank ${r.pick(families)} AG`), 3],
  [(r) => de(`${r.pick(families)} & Co. Vermögensverwaltung GmbH & Co. KG`), 4],
  [(r) => de(`${r.pick(families)} & ${r.pick(families)} Asset Management GmbH`), 3],
  [(r) => de(`${r.pick(brands)} Kapitalverwaltungsgesellschaft mbH`), 3],
  [(r) => de(`${r.pick(brands)} Fondsmanagement GmbH (${r.pick(['Frankfurt', 'München', 'Hamburg', 'Düsseldorf'])})`), 2],
  [(r) => de(`Versorgungswerk der Zahnärztekammer ${r.pick(['Nordrhein', 'Westfalen-Lippe', 'Hessen', 'Baden-Württemberg', 'Sachsen'])}`), 2],
  [(r) => de(`Evangelische Bank für Kirche & Diakonie ${r.pick(towns)} eG`), 1],
  [(r) => ({ name: `Banque ${r.pick(foreignFamilies)} (Luxembourg) S.A.`, country: 'LU' }), 3],
  [(r) => ({ name: `${r.pick(brands)} Investment Services (Luxembourg) S.A.`, country: 'LU' }), 3],
  [(r) => ({ name: `${r.pick(brands)} Privatbank (Schweiz) AG`, country: 'CH' }), 2],
  [(r) => ({ name: `${r.pick(brands)} Bank Österreich AG`, country: 'AT' }), 2],
  [(r) => ({ name: `Banque ${r.pick(foreignFamilies)} & Associés S.A.`, country: 'FR' }), 2],
  [(r) => ({ name: `Banca ${r.pick(['Popolare', 'Privata', 'di Credito'])} ${r.pick(['dell’Adige', 'di Bolzano', 'Lombarda', 'di Verona'])} S.p.A.`, country: 'IT' }), 2],
  [(r) => ({ name: `${r.pick(foreignFamilies)} Bankiers N.V.`, country: 'NL' }), 2],
  [(r) => ({ name: `${r.pick(brands)} Capital Partners Ltd (London)`, country: 'GB' }), 2],
  [(r) => ({ name: `Dom Maklerski ${r.pick(brands)} S.A.`, country: 'PL' }), 1],
];

/** A name not in `taken` (compared without case); a region suffix makes a rare collision unique. */
export function institutionName(random: Random, taken: ReadonlySet<string>): InstitutionName {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const candidate = random.weighted(templates)(random);
    if (!taken.has(candidate.name.toLowerCase())) return candidate;
  }
  for (let suffix = 2; ; suffix += 1) {
    const base = random.weighted(templates)(random);
    const candidate = { ...base, name: `${base.name} – Niederlassung ${suffix}` };
    if (!taken.has(candidate.name.toLowerCase())) return candidate;
  }
}

export const phonePrefixes: Record<string, string> = {
  DE: '+49', AT: '+43', CH: '+41', LU: '+352', FR: '+33', IT: '+39', NL: '+31', GB: '+44', PL: '+48',
};
