import type { QueuePhrases, Topic } from './topic-types.js';

/** Settlement (Wertpapiere::Abwicklung) and custody (Wertpapiere::Verwahrung): most of the bank's tickets. */
export const securitiesTopics: readonly Topic[] = [
  {
    key: 'settlement-fail', queue: 'Wertpapiere::Abwicklung', type: 'incident', weight: 10,
    title: ['Settlement-Fail {isin} – Valuta {settlementDate}', 'Settlement fail {isin} – value date {settlementDate}'],
    opening: [
      ['unsere {message} über {quantity} {security} (ISIN {isin}) mit Valuta {settlementDate} ist bei {custodian} noch immer nicht beliefert. Im Status steht {fail}. Können Sie bitte prüfen, woran es liegt?',
        'our {message} for {quantity} {security} (ISIN {isin}), value date {settlementDate}, has still not settled at {custodian}. The status shows {fail}. Could you please check what is holding it?'],
      ['die Lieferung {reference} in {security} ist gestern gefailt ({fail}). Der Händler fragt, ob sie heute im Nachtlauf noch beliefert wird.',
        'delivery {reference} in {security} failed yesterday ({fail}). Our trader asks whether it will settle in tonight\'s batch.'],
    ],
    solution: [
      ['die Instruktion {reference} wurde heute im Nachtlauf von T2S beliefert; die Gegenseite hatte ihren Bestand erst am Nachmittag eingedeckt. Die Abrechnung finden Sie im Kundenportal.',
        'instruction {reference} settled in tonight\'s T2S batch; the counterparty only covered its position in the afternoon. The contract note is available in the client portal.'],
      ['die Gegenseite hat ihre Instruktion korrigiert, das Geschäft ist inzwischen gematcht und mit Valuta {settlementDate} beliefert.',
        'the counterparty corrected its instruction; the trade is now matched and settled with value date {settlementDate}.'],
    ],
    failure: ['die Gegenseite kann bis auf Weiteres nicht liefern. Wir empfehlen, das Geschäft über Ihren Händler rückabzuwickeln; die Instruktion {reference} haben wir gelöscht.',
      'the counterparty cannot deliver for the time being. We recommend unwinding the trade via your trader; we have cancelled instruction {reference}.'],
    files: ['csv', 'pdf'],
  },
  {
    key: 'unmatched', queue: 'Wertpapiere::Abwicklung', type: 'incident', weight: 7,
    title: ['Instruktion ungematcht – {security}', 'Unmatched instruction – {security}'],
    opening: [
      ['unsere Settlement-Instruktion (Ref. {reference}) für {quantity} {security} ist seit gestern unmatched. Die Gegenseite sagt, sie habe korrekt instruiert. Bitte prüfen Sie den Matching-Status in T2S.',
        'our settlement instruction (ref. {reference}) for {quantity} {security} has been unmatched since yesterday. The counterparty says it instructed correctly. Please check the matching status in T2S.'],
    ],
    solution: [['das Matching scheiterte an einem abweichenden Handelstag ({tradeDate}). Wir haben die Instruktion nach Rücksprache mit Ihnen korrigiert; sie ist jetzt gematcht.',
      'matching failed because of a different trade date ({tradeDate}). After checking with you we corrected the instruction; it is matched now.']],
    failure: ['die Gegenseite bestätigt abweichende Konditionen. Bitte klären Sie den Gegenwert direkt mit Ihrem Kontrahenten; wir instruieren neu, sobald Sie uns die Daten senden.',
      'the counterparty confirms different terms. Please agree the settlement amount with your counterparty directly; we will re-instruct once you send us the details.'],
  },
  {
    key: 'cancel-instruction', queue: 'Wertpapiere::Abwicklung', type: 'service-request', weight: 5,
    title: ['Stornierung Instruktion {reference}', 'Cancellation of instruction {reference}'],
    opening: [['bitte stornieren Sie unsere Instruktion {reference} ({message}, {quantity} {security}). Das Geschäft wurde vom Händler storniert; eine neue Instruktion folgt nicht.',
      'please cancel our instruction {reference} ({message}, {quantity} {security}). The trade was cancelled by the trader; no new instruction will follow.']],
    solution: [['die Instruktion {reference} ist storniert, die Gegenseite hat ihre Instruktion ebenfalls zurückgezogen.', 'instruction {reference} is cancelled; the counterparty has withdrawn its instruction as well.']],
    failure: ['die Instruktion {reference} war bereits beliefert und kann nicht mehr storniert werden. Für eine Rücklieferung benötigen wir eine neue Instruktion.',
      'instruction {reference} had already settled and can no longer be cancelled. For a return delivery we need a new instruction.'],
  },
  {
    key: 'depot-transfer', queue: 'Wertpapiere::Abwicklung', type: 'service-request', weight: 6,
    title: ['Depotübertrag {depot} – {security}', 'Portfolio transfer {depot} – {security}'],
    opening: [['wir bitten um Übertrag von {quantity} {security} (ISIN {isin}) aus Depot {depot} zu {custodian}, frei von Zahlung, Valuta {settlementDate}. Die Lieferanweisung liegt als PDF bei.',
      'please transfer {quantity} {security} (ISIN {isin}) from account {depot} to {custodian}, free of payment, value date {settlementDate}. The delivery instruction is attached as PDF.']],
    solution: [['der Depotübertrag ist mit Valuta {settlementDate} ausgeführt; die Bestätigung (MT544) ist an Sie unterwegs.', 'the transfer settled with value date {settlementDate}; the confirmation (MT544) is on its way to you.']],
    failure: ['der Übertrag ist nicht möglich, weil der Bestand in Depot {depot} gesperrt ist (Verpfändung). Bitte lassen Sie die Sperre zuerst aufheben.',
      'the transfer is not possible because the position in account {depot} is blocked (pledge). Please have the block lifted first.'],
    files: ['pdf'],
  },
  {
    key: 'late-instruction', queue: 'Wertpapiere::Abwicklung', type: 'service-request', weight: 3,
    title: ['Späte Instruktion {security} – Cut-off heute', 'Late instruction {security} – today\'s cut-off'],
    opening: [['wir haben die Instruktion für {quantity} {security} erst nach dem Cut-off um 16:00 Uhr geschickt. Ist eine Belieferung heute noch möglich?',
      'we sent the instruction for {quantity} {security} only after the 16:00 cut-off. Is same-day settlement still possible?']],
    solution: [['wir konnten die Instruktion noch in den letzten Lauf von {custodian} einstellen; sie ist beliefert.', 'we managed to put the instruction into {custodian}\'s last run; it has settled.']],
    failure: ['eine Belieferung am selben Tag war nicht mehr möglich; die Instruktion settelt am nächsten Geschäftstag.', 'same-day settlement was no longer possible; the instruction will settle on the next business day.'],
  },
  {
    key: 'cash-difference', queue: 'Wertpapiere::Abwicklung', type: 'incident', weight: 3,
    title: ['Abweichender Gegenwert Ref. {reference}', 'Settlement amount difference ref. {reference}'],
    opening: [['die Abrechnung zu {reference} weist {amount} aus, wir rechnen mit einem anderen Gegenwert. Bitte senden Sie uns die Stückzinsberechnung.',
      'the contract note for {reference} shows {amount}; our figure differs. Please send us the accrued interest calculation.']],
    solution: [['die Differenz entsteht durch die Stückzinsen für zwei Zinstage; die Berechnung liegt bei. Der Gegenwert ist korrekt.', 'the difference comes from accrued interest for two days; the calculation is attached. The amount is correct.']],
    failure: ['die Abrechnung war fehlerhaft; wir haben sie storniert und neu erstellt. Die Korrekturbuchung erfolgt mit Valuta heute.', 'the contract note was wrong; we cancelled and re-issued it. The correction is booked with today\'s value date.'],
    files: ['xlsx'],
  },
  {
    key: 'dividend-missing', queue: 'Wertpapiere::Verwahrung', type: 'incident', weight: 9,
    title: ['Dividende {security} nicht gutgeschrieben', 'Dividend {security} not credited'],
    opening: [['die Dividende auf {security} (ISIN {isin}) mit Zahltag {payDate} ist auf unserem Konto noch nicht eingegangen. Im Depot {depot} lagen zum Record Date {quantity}.',
      'the dividend on {security} (ISIN {isin}), payable {payDate}, has not reached our account yet. Account {depot} held {quantity} on the record date.']],
    solution: [['die Dividende ist heute mit Valuta {payDate} gutgeschrieben worden; die Zahlung der Lagerstelle war verspätet eingegangen.', 'the dividend was credited today with value date {payDate}; the custodian\'s payment had arrived late.']],
    failure: ['zum Record Date war der Bestand bereits ausgeliefert; die Dividende steht daher dem Erwerber zu. Eine Marktclaim-Buchung ist nicht angefallen.',
      'on the record date the position had already been delivered, so the dividend is due to the buyer. No market claim arose.'],
  },
  {
    key: 'corporate-action-instruction', queue: 'Wertpapiere::Verwahrung', type: 'service-request', weight: 7,
    title: ['Weisung zum Ereignis {elective} – {security}', 'Instruction on {elective} – {security}'],
    opening: [['zum Ereignis {elective} von {security} übermitteln wir unsere Weisung: Ausübung für den gesamten Bestand in Depot {depot}. Bitte bestätigen Sie den Eingang vor Fristende am {deadline}.',
      'for the {elective} of {security} we send our instruction: take up for the entire position in account {depot}. Please confirm receipt before the deadline on {deadline}.']],
    solution: [['Ihre Weisung ist fristgerecht an {custodian} weitergeleitet (MT565) und bestätigt worden.', 'your instruction was forwarded to {custodian} in time (MT565) and has been confirmed.']],
    failure: ['die Weisung ist nach Ablauf der Frist bei uns eingegangen; {custodian} nimmt keine Weisungen mehr an. Es gilt die Standardoption.',
      'your instruction reached us after the deadline; {custodian} no longer accepts instructions. The default option applies.'],
    files: ['pdf'],
  },
  {
    key: 'mt564-question', queue: 'Wertpapiere::Verwahrung', type: 'service-request', weight: 5,
    title: ['Rückfrage zur MT564-Mitteilung {security}', 'Question on MT564 notification {security}'],
    opening: [['wir haben zur {ca} von {security} eine MT564 erhalten, die Frist im Feld :98a: passt aber nicht zur Veröffentlichung des Emittenten. Welche Frist gilt?',
      'we received an MT564 on the {ca} of {security}, but the deadline in field :98a: does not match the issuer\'s announcement. Which deadline applies?']],
    solution: [['maßgeblich ist unsere Frist am {deadline}; sie liegt zwei Geschäftstage vor der Frist der Lagerstelle. Die MT564 ist korrekt.', 'our deadline on {deadline} applies; it is two business days before the custodian\'s deadline. The MT564 is correct.']],
    failure: ['die Mitteilung war fehlerhaft; wir haben eine korrigierte MT564 (REPL) versandt.', 'the notification was wrong; we have sent a corrected MT564 (REPL).'],
  },
  {
    key: 'holdings-difference', queue: 'Wertpapiere::Verwahrung', type: 'incident', weight: 6,
    title: ['Bestandsdifferenz Depot {depot}', 'Holdings difference account {depot}'],
    opening: [['beim Abgleich unseres Bestands mit dem MT535 vom Vortag fehlen {quantity} {security} in Depot {depot}. Bitte prüfen Sie die Verbuchung.',
      'reconciling our holdings against yesterday\'s MT535, {quantity} {security} are missing in account {depot}. Please check the booking.']],
    solution: [['die Differenz entstand durch eine Lieferung mit Valuta {settlementDate}, die erst im Nachtlauf verbucht wurde. Der heutige MT535 ist abgestimmt.',
      'the difference came from a delivery with value date {settlementDate} that was booked in the night run. Today\'s MT535 reconciles.']],
    failure: ['wir können die Differenz auf unserer Seite nicht nachvollziehen; unser Bestand stimmt mit {custodian} überein. Bitte prüfen Sie Ihre Buchungen vom {tradeDate}.',
      'we cannot find the difference on our side; our holdings agree with {custodian}. Please check your bookings of {tradeDate}.'],
    files: ['csv', 'xlsx'],
  },
  {
    key: 'general-meeting', queue: 'Wertpapiere::Verwahrung', type: 'service-request', weight: 4,
    title: ['Eintrittskarte Hauptversammlung {security}', 'Admission ticket general meeting {security}'],
    opening: [['für die Hauptversammlung der {security} benötigen wir eine Eintrittskarte für unseren Kunden. Bestand: {quantity} in Depot {depot}.',
      'we need an admission ticket to the general meeting of {security} for our client. Holding: {quantity} in account {depot}.']],
    solution: [['die Eintrittskarte ist bestellt und wird Ihrem Kunden direkt zugesandt.', 'the admission ticket has been ordered and will be sent to your client directly.']],
    failure: ['der Anmeldeschluss ist leider abgelaufen; eine Eintrittskarte kann nicht mehr ausgestellt werden.', 'unfortunately the registration deadline has passed; no admission ticket can be issued.'],
  },
];

export const settlementPhrases: QueuePhrases = {
  followUps: [
    ['anbei die gewünschten Angaben: die Referenz der Gegenseite lautet {reference}, Handelstag war der {tradeDate}.', 'here are the details you asked for: the counterparty reference is {reference}, trade date {tradeDate}.'],
    ['gibt es schon etwas Neues? Unser Händler fragt nach.', 'any news? Our trader keeps asking.'],
    ['wir haben intern noch einmal nachgesehen: unsere Instruktion ist korrekt, bitte prüfen Sie weiter.', 'we checked again internally: our instruction is correct, please keep looking.'],
  ],
  question: [
    ['können Sie uns bitte die Referenz der Gegenseite und den genauen Handelstag nennen?', 'could you please send us the counterparty\'s reference and the exact trade date?'],
    ['bitte senden Sie uns eine Kopie Ihrer Instruktion (MT541/MT543), damit wir die Felder vergleichen können.', 'please send us a copy of your instruction (MT541/MT543) so that we can compare the fields.'],
  ],
  waiting: [
    ['wir haben bei {custodian} nachgefragt und melden uns, sobald uns eine Antwort vorliegt.', 'we have asked {custodian} and will come back to you as soon as we hear from them.'],
    ['die Gegenseite prüft ihre Instruktion; wir haken morgen früh nach.', 'the counterparty is checking its instruction; we will follow up tomorrow morning.'],
  ],
  notes: [
    'Status in T2S geprüft: {fail}. Gegenseite per MT599 angeschrieben.',
    'Rückfrage bei {custodian} gestellt, Ref. {reference}.',
    'Händler des Kunden telefonisch erreicht, Geschäft bestätigt.',
    'CSDR-Strafgebühr prüfen, falls der Fail länger als zwei Tage dauert.',
  ],
  timeNotes: ['Recherche T2S', 'Rückfrage Lagerstelle', 'Telefonat mit Kunde', 'Korrektur der Instruktion'],
};

export const custodyPhrases: QueuePhrases = {
  followUps: [
    ['anbei die gewünschten Angaben: betroffen ist Depot {depot} mit {quantity}.', 'here are the details: account {depot} with {quantity} is affected.'],
    ['gibt es schon etwas Neues? Unser Kunde fragt nach.', 'is there any news? Our client keeps asking.'],
  ],
  question: [
    ['können Sie uns bitte die betroffenen Depotnummern und die Bestände zum Stichtag nennen?', 'could you please tell us the accounts concerned and the holdings on the record date?'],
    ['bitte senden Sie uns die Mitteilung oder Abrechnung, auf die Sie sich beziehen, als PDF.', 'please send us the notification or statement you refer to as a PDF.'],
  ],
  waiting: [
    ['wir warten auf die Bestätigung von {custodian} und melden uns unaufgefordert.', 'we are waiting for {custodian}\'s confirmation and will get back to you.'],
    ['der Emittent hat die Bedingungen noch nicht final veröffentlicht; wir melden uns, sobald sie vorliegen.', 'the issuer has not yet published the final terms; we will be in touch as soon as they are out.'],
  ],
  notes: [
    'Rückfrage bei {custodian} gestellt, Ref. {reference}.',
    'Bestand zum Stichtag laut MT535: {quantity}.',
    'Ankündigung des Emittenten und MT564 verglichen, keine Abweichung.',
  ],
  timeNotes: ['Abgleich MT535', 'Weisung erfasst', 'Rückfrage Lagerstelle', 'Prüfung Emittentenbedingungen'],
};
