import { Writable } from 'node:stream';

/** Collects every log line the server writes, for tests that check what must never be logged. */
export function captureLog(): { stream: Writable; text(): string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}
