/**
 * Names of people as they occur among the staff of German and European banks: the accents,
 * umlauts and apostrophes that break naive code (sorting, search, mail addresses, DNs).
 */

export const nameOrigins = ['de', 'fr', 'it', 'en', 'pl', 'tr'] as const;
export type NameOrigin = (typeof nameOrigins)[number];

export const givenNames: Record<NameOrigin, readonly string[]> = {
  de: [
    'Thomas', 'Sabine', 'Michael', 'Andrea', 'Stefan', 'Claudia', 'Jürgen', 'Birgit', 'Matthias', 'Susanne', 'Frank', 'Katrin',
    'Jörg', 'Anja', 'Björn', 'Jana', 'Uwe', 'Kerstin', 'Ralf', 'Heike', 'Sören', 'Lea', 'Jan-Hendrik', 'Anna-Lena',
    'Günter', 'Bärbel', 'Felix', 'Annegret', 'Maximilian', 'Hannelore', 'Jens', 'Dörte', 'Ulrich', 'Franziska', 'Tim', 'Sophie',
  ],
  fr: ['Jean-Luc', 'Céline', 'François', 'Hélène', 'Stéphane', 'Amélie', 'Jérôme', 'Élodie', 'Benoît', 'Aurélie', 'Rémi', 'Noémie'],
  it: ['Giuseppe', 'Francesca', 'Luca', 'Chiara', 'Niccolò', 'Giulia', 'Matteo', 'Federica', 'Andrea', 'Alessandra'],
  en: ['James', 'Sarah', 'Oliver', 'Emma', 'William', 'Charlotte', 'Siobhán', 'Declan', 'Rachel', 'Graham'],
  pl: ['Łukasz', 'Agnieszka', 'Krzysztof', 'Małgorzata', 'Paweł', 'Katarzyna', 'Wojciech', 'Żaneta', 'Michał', 'Joanna'],
  tr: ['Mehmet', 'Ayşe', 'Emre', 'Zeynep', 'Murat', 'Elif', 'Can', 'Gülşen', 'Özgür', 'Şebnem'],
};

export const surnames: Record<NameOrigin, readonly string[]> = {
  de: [
    'Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann', 'Schäfer', 'Koch',
    'Bauer', 'Richter', 'Klein', 'Wolf', 'Schröder', 'Neumann', 'Schwarz', 'Zimmermann', 'Braun', 'Krüger', 'Hofmann', 'Hartmann',
    'Lange', 'Schmitt', 'Werner', 'Krause', 'Köhler', 'Groß', 'Jäger', 'Günther', 'Weiß', 'Böhm', 'Lorenz', 'Vogt',
    'Schulte-Wieland', 'von Ahlefeldt', 'Friedrichs', 'Dreßler', 'Kühne', 'Brandt', 'Haas', 'Lehmann', 'Sauer', 'Engel',
  ],
  fr: ['Lefèvre', 'Dubois', 'Moreau', 'Lambert', 'Fontaine', 'Rousseau', 'Girard', 'Bonnet', 'Mercier', 'Lévêque', 'Châtelain', "d'Arcy"],
  it: ['Rossi', 'Bianchi', 'Esposito', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco', 'Bruno', 'Gallo', 'Conti', "D'Amico", 'Lo Russo'],
  en: ['Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Evans', 'Thomas', 'Roberts', 'Walker', "O'Neill", 'McAllister'],
  pl: ['Nowak', 'Kowalski', 'Wiśniewski', 'Wójcik', 'Kowalczyk', 'Kamiński', 'Lewandowski', 'Zieliński', 'Szymański', 'Woźniak', 'Dąbrowski'],
  tr: ['Yılmaz', 'Kaya', 'Demir', 'Şahin', 'Çelik', 'Yıldız', 'Yıldırım', 'Öztürk', 'Aydın', 'Özdemir', 'Arslan', 'Doğan'],
};

/** How often each origin occurs among staff of institutions in a country. */
export const originMix: Record<string, readonly (readonly [NameOrigin, number])[]> = {
  DE: [['de', 70], ['tr', 8], ['pl', 8], ['it', 5], ['fr', 4], ['en', 5]],
  AT: [['de', 80], ['tr', 6], ['pl', 6], ['it', 4], ['en', 4]],
  CH: [['de', 55], ['fr', 20], ['it', 15], ['en', 10]],
  LU: [['fr', 40], ['de', 25], ['it', 10], ['en', 15], ['pl', 5], ['tr', 5]],
  FR: [['fr', 80], ['it', 8], ['en', 6], ['de', 6]],
  IT: [['it', 85], ['fr', 5], ['en', 5], ['de', 5]],
  NL: [['en', 40], ['de', 30], ['fr', 10], ['tr', 10], ['pl', 10]],
  GB: [['en', 75], ['pl', 10], ['it', 5], ['fr', 5], ['tr', 5]],
  PL: [['pl', 85], ['de', 8], ['en', 7]],
};

/** Letters a mail address or user name cannot hold, and how German-speaking IT writes them. */
const transliterations: Record<string, string> = {
  ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss', Ä: 'Ae', Ö: 'Oe', Ü: 'Ue', ł: 'l', Ł: 'L', ı: 'i', İ: 'I', ø: 'o', æ: 'ae',
};

/** `Müller-Lüdenscheidt` → `muellerluedenscheidt`, `Dąbrowski` → `dabrowski`, `O'Neill` → `oneill`. */
export function asciiName(name: string): string {
  return name
    .replace(/[äöüßÄÖÜłŁıİøæ]/gu, (letter) => transliterations[letter] ?? letter)
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/gu, '');
}
