import { readFile } from 'node:fs/promises';
import { inlinePictureMaxBytes } from '../../src-shared/ipc/cache.js';
import { fail, ok, type Result } from '../../src-shared/result.js';

/** The picture formats a mail's inline picture may have, told by their first bytes. */
const signatures: { type: 'png' | 'jpeg' | 'gif' | 'webp'; matches: (head: Buffer) => boolean }[] = [
  { type: 'png', matches: (head) => head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { type: 'jpeg', matches: (head) => head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff },
  { type: 'gif', matches: (head) => ['GIF87a', 'GIF89a'].includes(head.subarray(0, 6).toString('latin1')) },
  { type: 'webp', matches: (head) => head.subarray(0, 4).toString('latin1') === 'RIFF' && head.subarray(8, 12).toString('latin1') === 'WEBP' },
];

/**
 * An attachment's bytes as a `data:` address the zoom can show inside a mail, typed by what the
 * bytes are (never by the name or the declared type, both the sender's choice). SVG and every
 * other format are refused: only raster pictures, which cannot run or load anything.
 */
export async function pictureDataUrl(file: string, size: number): Promise<Result<string, 'not-a-picture' | 'picture-too-large' | 'not-found'>> {
  if (size > inlinePictureMaxBytes) {
    return fail('picture-too-large', `The picture is ${String(Math.ceil(size / 1024))} KB; pictures up to ${String(inlinePictureMaxBytes / 1024 / 1024)} MB are shown in the mail. Save it to look at it.`);
  }
  let content: Buffer;
  try {
    content = await readFile(file);
  } catch {
    return fail('not-found', 'The picture is no longer in the attachment cache; ask for the pictures again.');
  }
  const format = signatures.find((signature) => signature.matches(content));
  if (!format) return fail('not-a-picture', 'This attachment is not a PNG, JPEG, GIF or WebP picture, so it is not shown in the mail.');
  return ok(`data:image/${format.type};base64,${content.toString('base64')}`);
}
