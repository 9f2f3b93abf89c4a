import { describe, expect, it } from 'vitest';
import { queryWords } from '../../../src-shared/search/german-folding.js';
import { findPassage, markWords, plainText } from '../../../src-main/cache/passage.js';

const marked = (passage: { text: string; marks: [number, number][] } | null): string[] => (passage?.marks ?? []).map(([start, end]) => passage?.text.slice(start, end) ?? '');

describe('the passage of an article around the words searched for', () => {
  it('finds a word however the umlaut was typed and marks every matching word in the passage', () => {
    const text = 'Herr Müller rief an. Frau Mueller auch.';
    for (const typed of ['mueller', 'Müller', 'MÜLL']) expect(marked(findPassage(text, queryWords(typed))), typed).toEqual(['Müller', 'Mueller']);
    // As in the index: the plain vowel finds the umlaut, not the spelled-out form.
    expect(marked(findPassage(text, queryWords('muller')))).toEqual(['Müller']);
    expect(findPassage('Straße und Strasse', queryWords('strasse'))?.marks).toEqual([[0, 6], [11, 18]]);
    expect(findPassage('Nichts davon', queryWords('depot'))).toBeNull();
    expect(findPassage('Nichts davon', [])).toBeNull();
  });

  it('cuts a long text at word boundaries around the first match and says that it did', () => {
    const words = Array.from({ length: 80 }, (_, i) => `wort${String(i)}`);
    words[40] = 'Wertpapierübertrag';
    const passage = findPassage(words.join(' '), queryWords('wertpapierueber'));
    expect(passage?.text.startsWith('… wort')).toBe(true);
    expect(passage?.text.endsWith(' …')).toBe(true);
    expect(passage?.text.length).toBeLessThanOrEqual(190);
    expect(marked(passage)).toEqual(['Wertpapierübertrag']);
    // No half words at either end.
    expect(passage?.text.slice(2, -2).split(' ').every((word) => /^(wort\d+|Wertpapierübertrag)$/u.test(word))).toBe(true);
  });

  it('reads an HTML body as its text: no markup, no style or script content, entities decoded', () => {
    expect(plainText('<style>p{color:red}</style><p>Kurs &amp; St&uuml;ck&nbsp;<b>fehlen</b></p><script>alert(1)</script>')).toBe('Kurs & St&uuml;ck fehlen');
  });

  it('marks the words of a title that the query begins', () => {
    const title = 'Depotübertrag Müller & Söhne KG';
    expect(markWords(title, queryWords('söh depotueb')).map(([start, end]) => title.slice(start, end))).toEqual(['Depotübertrag', 'Söhne']);
    expect(markWords(title, [])).toEqual([]);
  });
});
