import { describe, expect, it } from 'vitest';
import { htmlToText, looksLikeHtml } from '../../../src-server/portal/html-text.js';

// The portal shows a mailed-in HTML body as text on every view of the ticket: the conversion
// must stay linear, or one hostile mail holds the server up for every reader of that ticket.
describe('the portal turns e-mail HTML into text', () => {
  it('in time that grows with the body, not its square, for a body of 100,000 unclosed tags', () => {
    const hostile = `<p>${'<'.repeat(100_000)}`;
    expect(looksLikeHtml(hostile)).toBe(true);
    const started = performance.now();
    htmlToText(hostile);
    // A quadratic pass took about 13 s on this machine; a linear one a few milliseconds.
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('keeps the words and drops script and markup', () => {
    expect(htmlToText('<p>Guten Tag,</p><script>alert(1)</script><p>die Dividende &amp; der Kupon.</p>')).toContain('die Dividende & der Kupon.');
    expect(htmlToText('<p>a</p><script>alert(1)</script>')).not.toContain('alert');
  });
});
