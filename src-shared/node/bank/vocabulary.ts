/**
 * The words of securities settlement, custody, tax and IT service, each list ordered from the
 * most to the least common, so that a Zipf pick gives the frequency profile of real tickets
 * (a few securities and custodians everywhere, a long tail of rare ones). German first, English second.
 */

export type Localized = readonly [de: string, en: string];

/** Well-known securities with their real ISINs (check digits verified by the tests). */
export const securities: readonly (readonly [name: string, isin: string])[] = [
  ['SAP SE', 'DE0007164600'],
  ['Siemens AG', 'DE0007236101'],
  ['Allianz SE', 'DE0008404005'],
  ['iShares Core MSCI World UCITS ETF', 'IE00B4L5Y983'],
  ['Deutsche Telekom AG', 'DE0005557508'],
  ['BASF SE', 'DE000BASF111'],
  ['Mercedes-Benz Group AG', 'DE0007100000'],
  ['Münchener Rückversicherungs-Gesellschaft AG', 'DE0008430026'],
  ['Bayer AG', 'DE000BAY0017'],
  ['Deutsche Bank AG', 'DE0005140008'],
  ['Nestlé S.A.', 'CH0038863350'],
  ['Infineon Technologies AG', 'DE0006231004'],
  ['Apple Inc.', 'US0378331005'],
  ['Microsoft Corp.', 'US5949181045'],
  ['adidas AG', 'DE000A1EWWW0'],
  ['Novartis AG', 'CH0012005267'],
  ['TotalEnergies SE', 'FR0000120271'],
  ['ASML Holding N.V.', 'NL0010273215'],
  ['E.ON SE', 'DE000ENAG999'],
  ['LVMH Moët Hennessy Louis Vuitton SE', 'FR0000121014'],
  ['Roche Holding AG Genussscheine', 'CH0012032048'],
  ['Vanguard FTSE All-World UCITS ETF', 'IE00BK5BQT80'],
];

export const custodians: readonly string[] = [
  'Clearstream Banking Frankfurt', 'Clearstream Banking S.A. Luxembourg', 'Euroclear Bank', 'SIX SIS', 'OeKB CSD', 'Euroclear France', 'Monte Titoli', 'CREST',
];

export const settlementMessages: readonly Localized[] = [
  ['MT543 (Lieferung gegen Zahlung)', 'MT543 (deliver against payment)'],
  ['MT541 (Empfang gegen Zahlung)', 'MT541 (receive against payment)'],
  ['MT540 (Empfang frei von Zahlung)', 'MT540 (receive free of payment)'],
  ['MT542 (Lieferung frei von Zahlung)', 'MT542 (deliver free of payment)'],
];

export const failReasons: readonly Localized[] = [
  ['LACK – der Lieferer hat nicht genügend Bestand', 'LACK – lack of securities at the delivering party'],
  ['CMIS – die Gegenseite hat noch nicht instruiert', 'CMIS – counterparty instruction missing'],
  ['DDAT – abweichendes Settlement-Datum', 'DDAT – settlement date does not match'],
  ['DMON – abweichender Gegenwert', 'DMON – settlement amount does not match'],
  ['DEPT – falsche Lieferstelle (PSET)', 'DEPT – wrong place of settlement (PSET)'],
  ['MONY – keine ausreichende Geldbelieferung', 'MONY – insufficient cash'],
];

/** Events on which the holder decides: the ones a client sends an instruction for. */
export const electiveEvents: readonly Localized[] = [
  ['Kapitalerhöhung mit Bezugsrechten', 'rights issue'],
  ['Wahldividende', 'scrip dividend'],
  ['Umtauschangebot', 'exchange offer'],
  ['Rückkaufangebot', 'tender offer'],
];

export const corporateActions: readonly Localized[] = [
  ['Dividendenzahlung', 'cash dividend'],
  ['Hauptversammlung', 'general meeting'],
  ['Wahldividende', 'scrip dividend'],
  ['Kapitalerhöhung mit Bezugsrechten', 'rights issue'],
  ['Aktiensplit', 'stock split'],
  ['Umtauschangebot', 'exchange offer'],
  ['Abspaltung (Spin-off)', 'spin-off'],
];

/** Source countries of withholding tax with their statutory rate and the reclaim form. */
export const taxCountries: readonly (readonly [de: string, en: string, rate: string, form: string])[] = [
  ['der Schweiz', 'Switzerland', '35 %', 'Formular 86'],
  ['Frankreich', 'France', '25 %', 'Formular 5000/5001'],
  ['den USA', 'the US', '30 %', 'W-8BEN'],
  ['Dänemark', 'Denmark', '27 %', 'Formular 06.003'],
  ['Österreich', 'Austria', '27,5 %', 'Formular ZS-RD1'],
  ['Italien', 'Italy', '26 %', 'Modulo di rimborso'],
  ['den Niederlanden', 'the Netherlands', '15 %', 'Formular IB 92'],
];

export const clientSystems: readonly Localized[] = [
  ['die SWIFT-Anbindung', 'the SWIFT connection'],
  ['die SFTP-Dateiübertragung', 'the SFTP file transfer'],
  ['das Kundenportal', 'the client portal'],
  ['die Bestandsdatei (MT535)', 'the holdings file (MT535)'],
  ['die T2S-Anbindung', 'the T2S connection'],
];

export const workplaceItems: readonly string[] = [
  'Notebook', 'VPN-Zugang', 'Outlook-Postfach', 'Citrix-Arbeitsplatz', 'Drucker im 3. OG', 'Token für die Zwei-Faktor-Anmeldung',
  'Bloomberg-Terminal', 'Zugang zum Abwicklungssystem', 'zweiter Monitor', 'Headset',
];

/** The check digit of an ISIN (ISO 6166: letters as numbers, then Luhn). */
export function isinCheckDigit(body: string): number {
  const digits = body.toUpperCase().replace(/[A-Z]/gu, (letter) => String(letter.charCodeAt(0) - 55));
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return (10 - (sum % 10)) % 10;
}
