import { describe, expect, it } from 'vitest';
import { parseJsonSplitting, parseSplitting } from '../../../src-main/net/json-split.js';

/** A small seeded generator, so that a failure can be repeated. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const text = (): string =>
    Array.from({ length: Math.floor(next() * 12) }, () => pick(['a', 'ü', 'ß', '"', '\\', '\\"', '\n', '\t', '\u0001', '{', '}', '[', ']', ',', ':', ' ', '€', '😀', '"changes":['])).join('');
  const value = (depth: number): unknown => {
    const kind = Math.floor(next() * (depth > 3 ? 5 : 7));
    if (kind === 0) return null;
    if (kind === 1) return next() < 0.5;
    if (kind === 2) return Math.round((next() - 0.5) * 1e6) / (next() < 0.5 ? 1 : 1000);
    if (kind === 3 || kind === 4) return text();
    if (kind === 5) return Array.from({ length: Math.floor(next() * 4) }, () => value(depth + 1));
    return Object.fromEntries(Array.from({ length: Math.floor(next() * 4) }, () => [text(), value(depth + 1)]));
  };
  return { next, value, text };
}

/** The split parse alone (no fallback to the whole) and JSON.parse. */
const parsedBoth = (text: string, field = 'changes'): [unknown, unknown] => [parseSplitting(Buffer.from(text, 'utf8'), field), JSON.parse(text) as unknown];

describe('parseJsonSplitting', () => {
  it('gives what JSON.parse gives for a feed page', () => {
    const page = { changes: [{ seq: 1, entity: 'article', op: 'upsert', id: 'a', data: { body: 'Müller sagt: "ja", {nein} [vielleicht] \\ ' } }, { seq: 2, op: 'remove', data: null }], cursor: 'x.y', hasMore: true, position: null };
    const [split, whole] = parsedBoth(JSON.stringify(page));
    expect(split).toEqual(whole);
    expect(split).toEqual(page);
  });

  it('gives what JSON.parse gives for random documents, with white space between the tokens and without', () => {
    const random = generator(20261202);
    for (let run = 0; run < 3000; run += 1) {
      const document: Record<string, unknown> = {};
      for (let key = 0; key < 1 + Math.floor(random.next() * 4); key += 1) document[random.text()] = random.value(0);
      document['changes'] = Array.from({ length: Math.floor(random.next() * 6) }, () => random.value(0));
      const text = random.next() < 0.5 ? JSON.stringify(document) : ` \n${JSON.stringify(document, null, random.next() < 0.5 ? 2 : '\t')}\r\n `;
      const [split, whole] = parsedBoth(text);
      expect(split, text).toEqual(whole);
    }
  });

  it('fails as JSON.parse fails, and parses what JSON.parse parses, on broken and unusual input', () => {
    const random = generator(7);
    const base = JSON.stringify({ cursor: 'c', changes: [{ a: 1, b: 'x"y' }, [1, 2], 'z', 3, true, null], hasMore: false });
    const cases = [
      '',
      '[]',
      '{}',
      '{"changes":[]}',
      '{"changes":{}}',
      '{"changes":"text"}',
      '{"changes":[1,]}',
      '{"changes":[1 2]}',
      '{"changes":[}',
      '{"changes":[1],}',
      '{"changes":[1]}x',
      '{"changes":[1],"changes":[2]}',
      '{"__proto__":{"polluted":true},"changes":[]}',
      '{"changes":[-0.5e3,1E2,"\\u00fc"]}',
      '{"changes":[tru]}',
      '{"a":"unterminated',
      ...Array.from({ length: 2000 }, () => {
        // Cut, doubled or swapped bytes of a valid document.
        const at = Math.floor(random.next() * base.length);
        const kind = random.next();
        if (kind < 0.4) return base.slice(0, at);
        if (kind < 0.7) return base.slice(0, at) + base.slice(at + 1);
        return base.slice(0, at) + (base[at] ?? '') + base.slice(at);
      }),
    ];
    for (const text of cases) {
      let expected: unknown;
      let failure: string | null = null;
      try {
        expected = JSON.parse(text) as unknown;
      } catch (error) {
        failure = (error as Error).name;
      }
      if (failure === null) {
        expect(parseJsonSplitting(Buffer.from(text), 'changes'), text).toEqual(expected);
        // Taken apart, not handed to JSON.parse, wherever there is an object (`__proto__` aside).
        if (text.startsWith('{') && !text.includes('__proto__')) expect(parseSplitting(Buffer.from(text), 'changes'), text).toEqual(expected);
      }
      else expect(() => parseJsonSplitting(Buffer.from(text), 'changes'), text).toThrow(SyntaxError);
    }
  });

  it('keeps __proto__ a property, as JSON.parse does, never the prototype', () => {
    const parsed = parseJsonSplitting(Buffer.from('{"__proto__":{"polluted":true},"changes":[1]}'), 'changes') as Record<string, unknown>;
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.keys(parsed)).toEqual(['__proto__', 'changes']);
  });
});
