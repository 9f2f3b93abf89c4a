import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pictureDataUrl } from '../../../src-main/cache/picture.js';
import { inlinePictureMaxBytes } from '../../../src-shared/ipc/cache.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'kontor-picture-'));
function file(name: string, content: Buffer): { file: string; size: number } {
  const at = path.join(dir, name);
  writeFileSync(at, content);
  return { file: at, size: content.length };
}
/** A 1×1 PNG. */
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

describe('a mail picture as a data: address', () => {
  it.each([
    ['png', png],
    ['jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46])],
    ['gif', Buffer.from('GIF89a\u0001\u0000\u0001\u0000', 'latin1')],
    ['webp', Buffer.concat([Buffer.from('RIFF'), Buffer.from([4, 0, 0, 0]), Buffer.from('WEBPVP8 ')])],
  ])('is typed %s by its bytes', async (type, content) => {
    const picture = file(`p-${type}`, content);
    expect(await pictureDataUrl(picture.file, picture.size)).toEqual({ ok: true, value: `data:image/${type};base64,${content.toString('base64')}` });
  });

  it('refuses SVG, HTML and anything else that is not a raster picture, whatever it is called', async () => {
    for (const content of ['<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', '<html><script>alert(1)</script>', 'MZ']) {
      const picture = file('not-a-picture.png', Buffer.from(content));
      const result = await pictureDataUrl(picture.file, picture.size);
      expect(result.ok ? 'shown' : result.error.reason).toBe('not-a-picture');
    }
  });

  it('refuses a picture over the limit without reading it, and says when the file is gone', async () => {
    const result = await pictureDataUrl(path.join(dir, 'never-read'), inlinePictureMaxBytes + 1);
    expect(result.ok ? 'shown' : result.error).toMatchObject({ reason: 'picture-too-large', message: expect.stringContaining('4 MB') as unknown });
    const gone = await pictureDataUrl(path.join(dir, 'swept'), 10);
    expect(gone.ok ? 'shown' : gone.error.reason).toBe('not-found');
  });
});
