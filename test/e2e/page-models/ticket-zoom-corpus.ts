import type { ArticleSeed } from './ticket-zoom-seed.js';

/**
 * Hostile e-mail bodies and attachment names. Every payload that would run sets
 * `window.kontorXss`; every one that would load asks either a dead remote port or the page's own
 * origin under `/xss/` (which the CSP's `img-src 'self'` and `style-src 'self'` would let through,
 * so that only the sanitiser stands between them and a request).
 */
export const xssFlag = 'kontorXss';
export const remote = 'http://127.0.0.1:9';

const vectors: [name: string, html: string][] = [
  ['script', `<p>Skript</p><script>window.${xssFlag}='script'</script><script src="/xss/script.js"></script>`],
  ['event handlers', `<img src="/xss/onerror.png" onerror="window.${xssFlag}='img'"><p onclick="window.${xssFlag}='click'" onmouseover="window.${xssFlag}='over'">Klick mich</p><details open ontoggle="window.${xssFlag}='toggle'"><summary>Mehr</summary></details>`],
  ['javascript: URLs', `<a href="javascript:window.${xssFlag}='a'">Konto prüfen</a> <a href="jAvAsCrIpT&colon;window.${xssFlag}='a2'">Nochmal</a> <form action="javascript:window.${xssFlag}='form'"><button formaction="/xss/formaction">Senden</button><input type="image" src="/xss/input.png"></form>`],
  ['SVG', `<svg onload="window.${xssFlag}='svg'"><script>window.${xssFlag}='svg-script'</script><image href="/xss/svg-image.png"/><foreignObject><img src="/xss/svg-img.png"></foreignObject></svg><img src="data:image/svg+xml,%3Csvg onload='window.${xssFlag}=1'/%3E">`],
  ['CSS url()', `<div style="background:url(/xss/style-attr.png)">Hintergrund</div><style>@import url(/xss/import.css); p { background-image: url(/xss/style-tag.png) }</style><table background="/xss/table-bg.png"><tr><td style="background-image:image-set('/xss/image-set.png' 1x)">Zelle</td></tr></table>`],
  ['remote images', `<img src="${remote}/pixel.gif" width="1" height="1"><img srcset="/xss/srcset.png 1x, ${remote}/srcset2.png 2x"><picture><source srcset="/xss/picture.png"><img src="/xss/picture-img.png"></picture><video poster="/xss/poster.png"><source src="/xss/video.mp4"></video><audio src="/xss/audio.mp3"></audio>`],
  ['frames and objects', `<iframe src="/xss/frame.html"></iframe><iframe srcdoc="<script>parent.${xssFlag}='srcdoc'</script>"></iframe><object data="/xss/object.swf"></object><embed src="/xss/embed.swf"><frameset><frame src="/xss/frame2.html"></frameset>`],
  ['meta refresh and link', `<meta http-equiv="refresh" content="0;url=/xss/refresh"><link rel="stylesheet" href="/xss/link.css"><link rel="prefetch" href="/xss/prefetch"><base href="${remote}/"><a href="/xss/ping-target" ping="/xss/ping">Link mit Ping</a>`],
  ['mutation XSS', `<math><mtext><table><mglyph><style><img src="/xss/mxss.png" onerror="window.${xssFlag}='mxss'"></style></mglyph></table></mtext></math><noscript><p title="</noscript><img src=/xss/noscript.png onerror=window.${xssFlag}='noscript'>"></p></noscript><template><img src="/xss/template.png"></template>`],
];

/** One HTML e-mail per vector, each with a subject naming it. */
export const xssArticles: ArticleSeed[] = vectors.map(([name, html]) => ({
  channel: 'email',
  visibility: 'customer-visible',
  sender: 'customer',
  subject: `XSS: ${name} <b onmouseover="window.${xssFlag}='subject'">fett</b>`,
  body: `<html><head><title>x</title></head><body><p>Vektor ${name}</p>${html}</body></html>`,
}));

/** Attachment names that are HTML; they must show as the text they are. */
export const xssAttachmentNames = [`<img src=/xss/attachment.png onerror=window.${xssFlag}='att'>.pdf`, `"><script>window.${xssFlag}='att2'</script>.txt`];
