import { mutationResponseSchema, type MutationEnvelope } from '../../src-shared/sync/protocol.js';
import { api, type SignedIn } from '../support/api.js';
import { uuidv7 } from '../support/ids.js';
import { stripedPng } from '../support/png.js';

/** Articles of the long ticket, the HTML mail among them. */
export const longTicketArticles = 50;
/** Pictures in the HTML mail: remote ones and inline (`cid:`) ones. */
export const mailImages = { remote: 8, inline: 40 } as const;
/** Where the mail's remote pictures would come from: no request may ever go there. */
export const mailImageHost = 'bilder.newsletter-bank.example';
/** A word only the long ticket's articles hold (for the search). */
export const longTicketWord = 'Depotauszug';

export interface LongTicket {
  ticketId: string;
  number: string;
}

const noteText = `Rückruf bei Herrn Weiß: der ${longTicketWord} zum Quartalsende fehlt weiterhin, die Abwicklung prüft die Buchungen. `.repeat(9);

/**
 * An HTML newsletter-like mail: a few KB of text in tables and paragraphs around 40 pictures,
 * remote (`https://…`) and inline (`cid:…`), as a bank's customers forward them.
 */
function htmlMail(): string {
  const pictures: string[] = [];
  for (let i = 0; i < mailImages.remote; i += 1) pictures.push(`<img src="https://${mailImageHost}/2026/q4/chart-${String(i)}.png" width="320" height="180" alt="Grafik ${String(i)}">`);
  for (let i = 0; i < mailImages.inline; i += 1) pictures.push(`<img src="cid:${inlineName(i)}@01DB4C2A.5F1E9A30" width="64" height="64" alt="Logo ${String(i)}">`);
  const paragraphs = pictures.map(
    (picture, i) =>
      `<tr><td>${picture}</td><td><p>Abschnitt ${String(i + 1)}: Im ${longTicketWord} vom 30.09. sind die Positionen der Müller &amp; Weiß Wertpapierhandel GmbH &amp; Co. KG aufgeführt; bitte prüfen Sie die Stückzahlen und Valuten.</p></td></tr>`,
  );
  return [
    '<!doctype html><html><head><meta charset="utf-8"><title>Quartalsbericht</title></head><body>',
    '<p>Sehr geehrte Damen und Herren,</p><p>anbei unser Quartalsbericht mit den Depotbewegungen. Die Abbildungen zeigen die Entwicklung je Position.</p>',
    `<table>${paragraphs.join('')}</table>`,
    '<p>Mit freundlichen Grüßen<br>Jörg Weiß<br><a href="https://www.mueller-weiss.example/kontakt">Kontakt</a></p>',
    '</body></html>',
  ].join('');
}

/** The inline picture's part name, as mail programs name them (`image003.png`). */
function inlineName(index: number): string {
  return `image${String(index).padStart(3, '0')}.png`;
}

/** The mail's inline pictures as its attachments: 64 × 64 PNGs, each in a colour of its own. */
function inlineAttachments() {
  return Array.from({ length: mailImages.inline }, (_, i) => ({
    id: uuidv7(),
    filename: inlineName(i),
    contentType: 'image/png',
    contentBase64: stripedPng(64, [(i * 53) % 256, (i * 97) % 256, (i * 151) % 256]).toString('base64'),
  }));
}

/** Which article is the HTML mail: in the middle, so that the zoom paints articles before and after it. */
const htmlMailAt = 24;

function article(index: number) {
  if (index === htmlMailAt) {
    return {
      articleId: uuidv7(),
      channel: 'email',
      visibility: 'customer-visible',
      sender: 'customer',
      subject: 'Quartalsbericht Q3 mit Abbildungen',
      body: htmlMail(),
      attachments: inlineAttachments(),
    };
  }
  const kinds = [
    { channel: 'email', visibility: 'customer-visible', sender: 'customer', subject: `AW: ${longTicketWord} Q3 (${String(index)})` },
    { channel: 'phone', visibility: 'customer-visible', sender: 'customer', subject: `Anruf ${String(index)}` },
    { channel: 'note', visibility: 'internal', sender: 'agent', subject: `Notiz ${String(index)}` },
  ] as const;
  return { articleId: uuidv7(), ...kinds[index % kinds.length], body: noteText };
}

/**
 * The ticket an agent opens for (u): 50 articles of about 1 KB, one of them an HTML mail with
 * 40 pictures (its 16 inline ones attached as PNGs), in ServiceLine for a customer of Müller & Weiß, written as a Desk writes it (the
 * mutation API: `ticket.create`, then `ticket.addArticle` in one batch).
 */
export async function createLongTicket(url: string, agent: SignedIn, queueId: string, customerUserId: string, numberOf: (ticketId: string) => Promise<string>): Promise<LongTicket> {
  const ticketId = uuidv7();
  const mutations: MutationEnvelope['mutations'] = [
    {
      id: uuidv7(),
      name: 'ticket.create',
      args: { ticketId, queueId, title: `${longTicketWord} Q3 fehlt, Rückfragen zu Positionen`, type: 'service-request', priority: 2, customerUserId, article: article(0) },
      baseVersion: null,
    },
  ];
  for (let index = 1; index < longTicketArticles; index += 1) mutations.push({ id: uuidv7(), name: 'ticket.addArticle', args: { ticketId, article: article(index) }, baseVersion: null });
  const response = await api(`${url}/api/v1/sync/mutations`, { method: 'POST', token: agent.token, body: { clientId: uuidv7(), mutations } });
  if (response.status !== 200) throw new Error(`the long ticket's mutations answered ${String(response.status)}`);
  const refused = mutationResponseSchema.parse(response.json).results.filter((result) => result.status !== 'applied');
  if (refused.length > 0) throw new Error(`the long ticket's mutations were refused: ${JSON.stringify(refused.slice(0, 2))}`);
  return { ticketId, number: await numberOf(ticketId) };
}
