import { indexForms } from '../../src-shared/search/german-folding.js';

/** A piece of an article's text around the words searched for, with where they stand in it. */
export interface Passage {
  text: string;
  /** `[start, end)` offsets into `text` of each word that matched, in order, not overlapping. */
  marks: [number, number][];
}

/** Characters shown before the first match and in all; the passage starts and ends at word boundaries. */
const before = 60;
const length = 180;

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

/**
 * An article's text as the agent reads it: HTML markup dropped (with style and script content),
 * the common entities decoded, runs of white space made one. Shown as text, never as markup.
 */
export function plainText(body: string): string {
  return body
    .replace(/<(style|script)\b[\s\S]*?<\/\1\s*>/giu, ' ')
    .replace(/<[^>]*>/gu, ' ')
    .replace(/&(amp|lt|gt|quot|apos|nbsp|#39);/gu, (_, name: string) => entities[name] ?? ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** Letters and digits, as the index splits words (german-folding.ts). */
const wordPattern = /[\p{L}\p{N}]+/gu;

/** Whether the index would find `word` by one of the typed, folded `words` (as a prefix of one of its forms). */
function wordMatches(word: string, words: readonly string[]): boolean {
  return indexForms(word).some((form) => words.some((typed) => form.startsWith(typed)));
}

/**
 * The passage of `text` around the first word that one of the folded query `words` begins
 * (as the index matched it: `Mueller`, `Müller` and `muller` alike), with every matching word
 * in it marked; null when no word matches.
 */
export function findPassage(text: string, words: readonly string[]): Passage | null {
  if (words.length === 0) return null;
  const found: [number, number][] = [];
  let first = -1;
  for (const match of text.matchAll(wordPattern)) {
    const start = match.index;
    if (first >= 0 && start >= first + length) break;
    if (!wordMatches(match[0], words)) continue;
    if (first < 0) first = start;
    found.push([start, start + match[0].length]);
  }
  if (first < 0) return null;
  // Start at a word boundary up to `before` characters ahead of the match; end at one within `length`.
  let from = Math.max(0, first - before);
  if (from > 0) from = nextWordStart(text, from, first);
  let to = Math.min(text.length, from + length);
  const firstEnd = found[0]?.[1] ?? first;
  if (to < text.length) to = lastWordEnd(text, from, to, firstEnd);
  const prefix = from > 0 ? '… ' : '';
  const suffix = to < text.length ? ' …' : '';
  const marks = found.filter(([, end]) => end <= to).map(([start, end]): [number, number] => [start - from + prefix.length, end - from + prefix.length]);
  return { text: `${prefix}${text.slice(from, to)}${suffix}`, marks };
}

/** Every word of a short text (a title) that one of the folded query `words` begins, as `[start, end)` offsets. */
export function markWords(text: string, words: readonly string[]): [number, number][] {
  if (words.length === 0) return [];
  const marks: [number, number][] = [];
  for (const match of text.matchAll(wordPattern)) {
    if (wordMatches(match[0], words)) marks.push([match.index, match.index + match[0].length]);
  }
  return marks;
}

/** The start of the first word at or after `from`, never past `limit`. */
function nextWordStart(text: string, from: number, limit: number): number {
  const space = text.indexOf(' ', from);
  return space < 0 || space + 1 > limit ? from : space + 1;
}

/** The end of the last whole word before `to`, never before `least`. */
function lastWordEnd(text: string, from: number, to: number, least: number): number {
  const space = text.lastIndexOf(' ', to);
  return space > from && space >= least ? space : to;
}
