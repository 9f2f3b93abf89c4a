import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { timeOrderedUuid } from '../../src-shared/time-ordered-id.js';

const random = (): Uint8Array => new Uint8Array(randomBytes(10));

describe('timeOrderedUuid', () => {
  it('is a UUIDv7 whose first 48 bits are the milliseconds given', () => {
    const at = Date.parse('2026-12-02T17:30:00.123Z');
    const id = timeOrderedUuid(at, random());
    expect(z.uuidv7().safeParse(id).success).toBe(true);
    expect(Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16)).toBe(at);
    expect(id[14]).toBe('7');
    expect(['8', '9', 'a', 'b']).toContain(id[19]);
  });

  it('keeps the random bytes but for the version and variant bits', () => {
    const bytes = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
    expect(timeOrderedUuid(0, bytes)).toBe('00000000-0000-7fff-bfff-ffffffffffff');
    expect(timeOrderedUuid(2 ** 48 - 1, new Uint8Array(10))).toBe('ffffffff-ffff-7000-8000-000000000000');
  });

  it('sorts ids of later milliseconds after earlier ones, as text', () => {
    const start = Date.parse('2026-01-01T00:00:00Z');
    const ids = Array.from({ length: 2000 }, (_, index) => timeOrderedUuid(start + index * 997, random()));
    expect([...ids].sort()).toEqual(ids);
  });

  it('refuses what is no Unix time or too few random bytes', () => {
    expect(() => timeOrderedUuid(-1, random())).toThrow(/not a Unix time/);
    expect(() => timeOrderedUuid(1.5, random())).toThrow(/not a Unix time/);
    expect(() => timeOrderedUuid(2 ** 48, random())).toThrow(/not a Unix time/);
    expect(() => timeOrderedUuid(0, new Uint8Array(9))).toThrow(/10 random bytes needed, 9 given/);
  });
});
