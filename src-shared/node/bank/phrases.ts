import type { QueueName } from './service-organisation.js';
import type { QueuePhrases, Topic } from './topic-types.js';
import { helpdeskTopics, helpdeskPhrases } from './topics-helpdesk.js';
import { custodyPhrases, securitiesTopics, settlementPhrases } from './topics-securities.js';
import { complaintPhrases, itPhrases, serviceLinePhrases, serviceTopics, taxPhrases } from './topics-services.js';
import type { Localized } from './vocabulary.js';

/** Sentences every ticket uses, whatever its topic: greetings, thanks, follow-ups, closings. */

export const allTopics: readonly Topic[] = [...securitiesTopics, ...serviceTopics, ...helpdeskTopics];

const topicsByQueue = new Map<QueueName, Topic[]>();
for (const topic of allTopics) topicsByQueue.set(topic.queue, [...(topicsByQueue.get(topic.queue) ?? []), topic]);

export function topicsOf(queue: QueueName): readonly Topic[] {
  return topicsByQueue.get(queue) ?? [];
}

const phrasesByQueue: Partial<Record<QueueName, QueuePhrases>> = {
  ServiceLine: serviceLinePhrases,
  'Wertpapiere::Abwicklung': settlementPhrases,
  'Wertpapiere::Verwahrung': custodyPhrases,
  Steuern: taxPhrases,
  'IT-Betrieb': itPhrases,
  Beschwerden: complaintPhrases,
  'Interner Helpdesk': helpdeskPhrases,
};

export function phrasesOf(queue: QueueName): QueuePhrases {
  return phrasesByQueue[queue] ?? serviceLinePhrases;
}

export const customerGreetings: readonly Localized[] = [
  ['Sehr geehrte Damen und Herren,', 'Dear Sir or Madam,'],
  ['Guten Tag,', 'Hello,'],
  ['Hallo zusammen,', 'Hi team,'],
  ['Liebes Kontor-Team,', 'Dear Kontor team,'],
];

/** `{name}` is the agent the customer talked to before. */
export const personalGreetings: readonly Localized[] = [['Hallo {name},', 'Hi {name},'], ['Guten Tag {name},', 'Dear {name},']];

/** Colleagues inside the bank are greeted as colleagues. */
export const colleagueGreetings: readonly Localized[] = [['Hallo {name},', 'Hi {name},']];

export const agentGreetings: readonly Localized[] = [
  ['Guten Tag {name},', 'Dear {name},'],
  ['Sehr geehrte Damen und Herren,', 'Dear Sir or Madam,'],
  ['Hallo {name},', 'Hello {name},'],
];

export const thanks: Record<'written' | 'call', readonly Localized[]> = {
  written: [['vielen Dank für Ihre Nachricht.', 'thank you for your message.'], ['danke für Ihre Anfrage.', 'thanks for your request.']],
  call: [['vielen Dank für Ihren Anruf.', 'thank you for your call.']],
};

export const closings: readonly Localized[] = [
  ['Mit freundlichen Grüßen', 'Kind regards'],
  ['Viele Grüße', 'Best regards'],
  ['Freundliche Grüße', 'Regards'],
];

export const customerThanks: readonly Localized[] = [
  ['vielen Dank, damit ist die Sache für uns erledigt.', 'many thanks, that settles it for us.'],
  ['danke, das hat geholfen.', 'thanks, that helped.'],
];

/** A closed ticket comes back: the customer's follow-up after the solution. */
export const reopenings: readonly Localized[] = [
  ['leider ist das Problem wieder aufgetreten, bitte schauen Sie sich das noch einmal an.', 'unfortunately the problem is back; please have another look.'],
  ['das hat leider doch nicht geklappt, bitte prüfen Sie erneut.', 'unfortunately that did not work after all; please check again.'],
];

/** The agent's opening words when a reopened ticket is answered again. */
export const lookedAgain: readonly Localized[] = [['wir haben den Vorgang erneut geprüft.', 'we have looked into it again.']];

export const pendingAutoCloseTexts: readonly Localized[] = [
  ['sofern wir nichts mehr von Ihnen hören, schließen wir die Anfrage in einer Woche.', 'unless we hear from you, we will close this request in a week.'],
];

/** Phone articles: what the agent writes down from a call. `{caller}` is the caller's name. */
export const phoneSummaries: readonly Localized[] = [
  ['{caller} ruft an:', '{caller} called:'],
  ['Anruf von {caller}:', 'Call from {caller}:'],
];

export const internalNotes = {
  triage: ['Bitte um Prüfung, Kunde wartet auf Rückruf.', 'Zuständigkeit liegt bei {queue}, verschoben.', 'Kunde ist ungeduldig, bitte zeitnah melden.'],
  misrouted: ['Falsche Queue, betrifft {queue}. Verschoben.', 'Gehört nicht zu uns, bitte {queue} übernehmen.'],
  possibleDuplicate: ['Vermutlich Dublette: dieselbe Institution hat dazu schon ein Ticket in {queue}.', 'Kunde schreibt erneut zum selben Vorgang, bitte mit dem offenen Ticket abgleichen.'],
  duplicate: ['Dublette zu bestehender Anfrage derselben Institution, wird zusammengeführt.', 'Kunde hat dieselbe Anfrage doppelt geschickt; zusammengeführt.'],
  teamLead: ['Bitte priorisieren, Kunde hat sich bei der Geschäftsleitung beschwert.', 'Übernimmt {name}, bitte bis morgen eine Rückmeldung geben.', 'SLA beachten, Erstreaktion ist überfällig.'],
  priority: ['Priorität erhöht: großes Volumen betroffen.', 'Priorität erhöht, Frist läuft morgen ab.'],
  /** By link kind: `related`, then `parent-child`. */
  related: ['Hängt mit einer anderen Anfrage derselben Institution zusammen, verknüpft.', 'Gleiche Störung wie bei anderen Instituten, mit dem Hauptticket verknüpft.'],
} as const;
