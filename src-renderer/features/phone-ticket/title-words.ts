/**
 * The words of a typed title, lower case, as the search field would see them. The cache folds
 * umlauts itself (`src-shared/search/german-folding.ts`); here only separators are dropped.
 */
export function foldWords(title: string): string[] {
  const words = title.toLocaleLowerCase('de').split(/[^\p{L}\p{N}]+/u).filter((word) => word !== '');
  return [...new Set(words)];
}
