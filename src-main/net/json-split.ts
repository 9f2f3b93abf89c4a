const quote = 0x22;
const backslash = 0x5c;
const comma = 0x2c;
const colon = 0x3a;
const openBrace = 0x7b;
const closeBrace = 0x7d;
const openBracket = 0x5b;
const closeBracket = 0x5d;

class NotSplittable extends Error {}

/**
 * `JSON.parse` of a UTF-8 object whose `field` is a long array (the changes of a feed page), with
 * each element of that array decoded and parsed on its own. The result is the same as
 * `JSON.parse(content.toString('utf8'))`; what differs is the cost. A megabyte page decoded as one
 * string lands in V8's large-object space, fresh memory each time, and took about as long as
 * parsing the page twice (docs/benchmarks.md, "(e) … the Desk's receive path"); elements of a
 * kilobyte are young objects that a scavenge clears.
 *
 * The scan only finds where values begin and end (strings skipped by their closing quote, brackets
 * counted outside strings); every value is still checked by `JSON.parse`. Anything it does not
 * expect, invalid JSON included, is handed to `JSON.parse` of the whole, which then answers or
 * throws as it always would.
 */
export function parseJsonSplitting(content: Buffer, field: string): unknown {
  try {
    return parseSplitting(content, field);
  } catch (error) {
    if (!(error instanceof NotSplittable) && !(error instanceof SyntaxError)) throw error;
    return JSON.parse(content.toString('utf8')) as unknown;
  }
}

/**
 * The splitting parse alone: throws (a SyntaxError, or an Error for a document it does not take
 * apart) instead of falling back. `parseJsonSplitting` is the one to use; this one lets a test see
 * that the split was taken.
 */
export function parseSplitting(content: Buffer, field: string): unknown {
  const result: Record<string, unknown> = {};
  let at = skipSpace(content, 0);
  if (content[at] !== openBrace) throw new NotSplittable();
  at = skipSpace(content, at + 1);
  if (content[at] === closeBrace) return endOfDocument(content, at + 1, result);
  for (;;) {
    if (content[at] !== quote) throw new NotSplittable();
    const keyEnd = endOfString(content, at);
    const key = JSON.parse(content.toString('utf8', at, keyEnd)) as string;
    // Assigning `__proto__` would set the prototype where JSON.parse makes a property.
    if (key === '__proto__') throw new NotSplittable();
    at = skipSpace(content, keyEnd);
    if (content[at] !== colon) throw new NotSplittable();
    at = skipSpace(content, at + 1);
    if (key === field && content[at] === openBracket) {
      const elements: unknown[] = [];
      at = skipSpace(content, at + 1);
      if (content[at] !== closeBracket) {
        for (;;) {
          const end = endOfValue(content, at);
          elements.push(JSON.parse(content.toString('utf8', at, end)));
          at = skipSpace(content, end);
          if (content[at] === closeBracket) break;
          if (content[at] !== comma) throw new NotSplittable();
          at = skipSpace(content, at + 1);
        }
      }
      result[key] = elements;
      at += 1;
    } else {
      const end = endOfValue(content, at);
      result[key] = JSON.parse(content.toString('utf8', at, end));
      at = end;
    }
    at = skipSpace(content, at);
    if (content[at] === closeBrace) return endOfDocument(content, at + 1, result);
    if (content[at] !== comma) throw new NotSplittable();
    at = skipSpace(content, at + 1);
  }
}

function endOfDocument(content: Buffer, at: number, result: Record<string, unknown>): Record<string, unknown> {
  if (skipSpace(content, at) !== content.length) throw new NotSplittable();
  return result;
}

/** JSON's four whitespace bytes. */
function skipSpace(content: Buffer, from: number): number {
  let at = from;
  for (;;) {
    const byte = content[at];
    if (byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09) return at;
    at += 1;
  }
}

/** Past the closing quote of the string opening at `at`: the next quote not escaped by an odd run of backslashes. */
function endOfString(content: Buffer, at: number): number {
  let close = at;
  for (;;) {
    close = content.indexOf(quote, close + 1);
    if (close < 0) throw new NotSplittable();
    let before = close - 1;
    while (content[before] === backslash) before -= 1;
    if ((close - 1 - before) % 2 === 0) return close + 1;
  }
}

/** Past the value beginning at `at`: a string, an object or array (brackets counted outside strings), or a literal or number. */
function endOfValue(content: Buffer, at: number): number {
  const first = content[at];
  if (first === quote) return endOfString(content, at);
  if (first === openBrace || first === openBracket) {
    let depth = 0;
    for (let index = at; index < content.length; index += 1) {
      const byte = content[index];
      if (byte === quote) index = endOfString(content, index) - 1;
      else if (byte === openBrace || byte === openBracket) depth += 1;
      else if (byte === closeBrace || byte === closeBracket) {
        depth -= 1;
        if (depth === 0) return index + 1;
      }
    }
    throw new NotSplittable();
  }
  let index = at;
  for (; index < content.length; index += 1) {
    const byte = content[index];
    if (byte === comma || byte === closeBrace || byte === closeBracket || byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09) break;
  }
  if (index === at) throw new NotSplittable();
  return index;
}
