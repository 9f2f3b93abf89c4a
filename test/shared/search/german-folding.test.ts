import { describe, expect, it } from 'vitest';
import { foldForIndex, foldWord, queryWords } from '../../../src-shared/search/german-folding.js';

describe('German folding for search', () => {
  it('folds umlauts, ß and other diacritics as German speakers type them', () => {
    expect(foldWord('Müller')).toBe('mueller');
    expect(foldWord('ÖSTERREICH')).toBe('oesterreich');
    expect(foldWord('Straße')).toBe('strasse');
    expect(foldWord('Lefèvre')).toBe('lefevre');
    expect(foldWord('García')).toBe('garcia');
  });

  it('indexes a word with an umlaut also with its plain vowel, so Mueller, Müller and muller find each other', () => {
    expect(foldForIndex('Depotübertrag für Müller & Söhne')).toBe('depotuebertrag depotubertrag fuer fur mueller muller soehne sohne');
    for (const typed of ['Mueller', 'Müller', 'muller', 'MÜLLER']) expect(foldForIndex('Herr Müller').split(' ')).toContain(queryWords(typed)[0]);
  });

  it('reads a typed query as words: FTS syntax is only separators', () => {
    expect(queryWords('"ISIN" NEAR(DE0005140008 * (Depot')).toEqual(['isin', 'near', 'de0005140008', 'depot']);
    expect(queryWords('  **  "" ()')).toEqual([]);
  });
});
