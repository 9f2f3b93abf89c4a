import { createHash } from 'node:crypto';

/**
 * A small seeded random source (sfc32): the same seed gives the same sequence on every machine
 * and Node version, which Math.random cannot promise. Not for secrets.
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(readonly seed: string) {
    const digest = createHash('sha256').update(seed).digest();
    this.a = digest.readUInt32LE(0);
    this.b = digest.readUInt32LE(4);
    this.c = digest.readUInt32LE(8);
    this.d = digest.readUInt32LE(12);
    // Mix away the first outputs, as sfc32's authors recommend.
    for (let i = 0; i < 12; i += 1) this.uint32();
  }

  /** An independent stream for one purpose: adding draws to one stream does not shift another. */
  fork(label: string): Random {
    return new Random(`${this.seed}/${label}`);
  }

  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** One of the entries, each as likely as its weight. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, weight] of entries) total += weight;
    let roll = this.next() * total;
    for (const [item, weight] of entries) {
      roll -= weight;
      if (roll < 0) return item;
    }
    const last = entries.at(-1);
    if (!last) throw new Error('weighted pick from an empty list');
    return last[0];
  }

  /** Rank k (from 1) is chosen with weight 1/k^exponent: a few items are common, most are rare, as in real text. */
  zipf<T>(items: readonly T[], exponent = 1): T {
    const cumulative = zipfTable(items.length, exponent);
    const roll = this.next() * (cumulative[cumulative.length - 1] ?? 0);
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((cumulative[middle] ?? 0) > roll) high = middle;
      else low = middle + 1;
    }
    return items[low] as T;
  }

  shuffle<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i -= 1) {
      const j = Math.floor(this.next() * (i + 1));
      [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
    }
    return copy;
  }

  /** A duration around `median` with a long right tail (how long people take to answer). */
  logNormal(median: number, spread: number): number {
    const u = Math.max(this.next(), 1e-12);
    const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
    return median * Math.exp(spread * normal);
  }

  /** `count` hexadecimal digits. */
  hex(count: number): string {
    let text = '';
    while (text.length < count) text += this.uint32().toString(16).padStart(8, '0');
    return text.slice(0, count);
  }

  /** `count` decimal digits (a leading zero allowed). */
  digits(count: number): string {
    let text = '';
    for (let i = 0; i < count; i += 1) text += String(this.int(0, 9));
    return text;
  }
}

const zipfTables = new Map<string, Float64Array>();

function zipfTable(length: number, exponent: number): Float64Array {
  if (length === 0) throw new Error('zipf pick from an empty list');
  const key = `${length}:${exponent}`;
  let table = zipfTables.get(key);
  if (!table) {
    table = new Float64Array(length);
    let sum = 0;
    for (let rank = 1; rank <= length; rank += 1) {
      sum += 1 / rank ** exponent;
      table[rank - 1] = sum;
    }
    zipfTables.set(key, table);
  }
  return table;
}
