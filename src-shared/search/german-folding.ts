/**
 * Search text folded the way German speakers type: case ignored, `ä→ae`, `ö→oe`, `ü→ue`,
 * `ß→ss`, other diacritics removed (`é→e`). A word with an umlaut is also kept with the plain
 * vowel (`müller` → `mueller` and `muller`), so that `Mueller`, `Müller` and `muller` find each
 * other. Pure: the Desk's index and its queries, and any later server search, fold alike.
 */

const umlauts: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss', ẞ: 'ss' };

/** Letters and digits only; everything else separates words. */
const wordPattern = /[\p{L}\p{N}]+/gu;

function stripDiacritics(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '');
}

/** One word folded: `Müller` → `mueller`. */
export function foldWord(word: string): string {
  return stripDiacritics(word.toLowerCase().replace(/[äöüßẞ]/gu, (letter) => umlauts[letter] ?? letter));
}

/** The forms a word is indexed under: the folded one, and for umlauts the plain-vowel one. */
export function indexForms(word: string): string[] {
  const folded = foldWord(word);
  const plain = stripDiacritics(word.toLowerCase().replace(/[ßẞ]/gu, 'ss'));
  return plain === folded ? [folded] : [folded, plain];
}

/** A text as the index stores it: every word in its forms, separated by spaces. */
export function foldForIndex(text: string): string {
  return (text.match(wordPattern) ?? []).flatMap(indexForms).join(' ');
}

/** The words of a typed query, folded; quotes, operators and brackets are just separators. */
export function queryWords(query: string): string[] {
  return (query.match(wordPattern) ?? []).map(foldWord);
}
