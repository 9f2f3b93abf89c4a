import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { signedInAgentSchema, type SignedInAgent } from '../../src-shared/domain/people.js';
import { writeFileWhole } from '../../src-shared/node/write-whole.js';
import { normaliseUsername } from '../../src-shared/username.js';

/**
 * scrypt with N = 2^15, r = 8, p = 1 (32 MiB, about 100 ms here): slow enough that a stolen
 * verifier file is costly to guess against, quick enough for a sign-in. Stored with every
 * verifier, so that stronger parameters later still read the old ones.
 */
export const offlineVerifierParameters = { N: 2 ** 15, r: 8, p: 1, keyLength: 32, maxmem: 64 * 1024 * 1024 } as const;

const verifierFileSchema = z.strictObject({
  version: z.literal(1),
  kdf: z.literal('scrypt'),
  N: z.number().int().positive(),
  r: z.number().int().positive(),
  p: z.number().int().positive(),
  salt: z.string().min(1),
  hash: z.string().min(1),
  /** When the agent last signed in online: the offline limit counts from here. */
  onlineAt: z.iso.datetime(),
  /** Who signed in, as the server granted it then: the cache to open and what the shell shows. */
  signedIn: signedInAgentSchema,
});

export type OfflineUnlock =
  | { ok: true; signedIn: SignedInAgent; onlineAt: string }
  | { ok: false; reason: 'no-offline-login' | 'invalid-credentials' | 'offline-expired'; message: string };

function derive(password: string, salt: Buffer, parameters: { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, offlineVerifierParameters.keyLength, { ...parameters, maxmem: offlineVerifierParameters.maxmem }, (error, key) => {
      if (error) reject(error);
      else resolve(key);
    });
  });
}

/**
 * Offline unlock (ARCHITECTURE.md "Identity and sessions"): at every online sign-in the Desk
 * writes a slow password verifier for that user name into its own folder, outside the cache
 * file, readable by the owner only. With the server unreachable, a returning agent whose
 * password matches, within `maxDays` of that sign-in, opens their cache. This is a gate in the
 * application until the cache itself is encrypted (docs/desk.md says so).
 */
export class OfflineUnlocker {
  /** Failed offline checks per user name, so that guessing is slow even here. */
  private readonly failures = new Map<string, { count: number; until: number }>();

  constructor(
    private readonly dir: string,
    private readonly options: { maxDays: number; now?: () => Date },
  ) {}

  /** After an online sign-in: the verifier for this user name, replacing the one before. */
  async remember(username: string, password: string, signedIn: SignedInAgent): Promise<void> {
    const salt = randomBytes(16);
    const { N, r, p } = offlineVerifierParameters;
    const hash = await derive(password, salt, { N, r, p });
    const file = verifierFileSchema.parse({
      version: 1,
      kdf: 'scrypt',
      N,
      r,
      p,
      salt: salt.toString('base64'),
      hash: hash.toString('base64'),
      onlineAt: this.now().toISOString(),
      signedIn,
    });
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const target = this.fileOf(username);
    // Written whole and renamed: a crash leaves the old verifier or the new one, never half of one.
    writeFileWhole(target, JSON.stringify(file));
    this.failures.delete(normaliseUsername(username));
  }

  /**
   * The server refused this user name for good or for now (no role, disabled, locked, password
   * expired): the verifier goes, so the old password opens nothing offline. Returns whose it was.
   */
  forget(username: string): string | null {
    const file = this.read(username);
    rmSync(this.fileOf(username), { force: true });
    return file?.signedIn.agent.id ?? null;
  }

  /** With the server unreachable: may this user name and password open the cache? */
  async unlock(username: string, password: string): Promise<OfflineUnlock> {
    const key = normaliseUsername(username);
    const file = this.read(username);
    if (!file) {
      return { ok: false, reason: 'no-offline-login', message: 'Kontor Server cannot be reached, and this user has not signed in online on this workstation before.' };
    }
    const throttled = this.failures.get(key);
    const now = this.now().getTime();
    if (throttled && throttled.until > now) {
      return { ok: false, reason: 'invalid-credentials', message: `Too many wrong passwords; try again in ${String(Math.ceil((throttled.until - now) / 1000))} s.` };
    }
    const hash = await derive(password, Buffer.from(file.salt, 'base64'), file);
    const expected = Buffer.from(file.hash, 'base64');
    if (hash.length !== expected.length || !timingSafeEqual(hash, expected)) {
      const count = (throttled?.count ?? 0) + 1;
      // After three wrong passwords each further try waits longer: 2 s, 4 s, … up to 5 minutes.
      this.failures.set(key, { count, until: count >= 3 ? now + Math.min(300_000, 1000 * 2 ** (count - 2)) : 0 });
      return { ok: false, reason: 'invalid-credentials', message: 'User name or password is wrong (checked offline).' };
    }
    this.failures.delete(key);
    const ageDays = (now - Date.parse(file.onlineAt)) / 86_400_000;
    if (ageDays > this.options.maxDays) {
      return {
        ok: false,
        reason: 'offline-expired',
        message: `The last online sign-in was ${String(Math.floor(ageDays))} days ago; offline sign-in is allowed for ${String(this.options.maxDays)} days. Connect to Kontor Server to sign in.`,
      };
    }
    return { ok: true, signedIn: file.signedIn, onlineAt: file.onlineAt };
  }

  private read(username: string): z.infer<typeof verifierFileSchema> | null {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(this.fileOf(username), 'utf8'));
    } catch {
      // Missing or damaged: as if there were none; the next online sign-in writes it again.
      return null;
    }
    const parsed = verifierFileSchema.safeParse(json);
    return parsed.success ? parsed.data : null;
  }

  /** Named by a hash of the normalised user name: the folder does not list who uses the workstation. */
  private fileOf(username: string): string {
    const name = createHash('sha256').update(`kontor-offline:${normaliseUsername(username)}`).digest('hex').slice(0, 32);
    return path.join(this.dir, `${name}.json`);
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }
}
