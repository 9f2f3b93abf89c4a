import type { QueuePhrases, Topic } from './topic-types.js';

/** Tax, client-facing IT, first-level questions and complaints. */
export const serviceTopics: readonly Topic[] = [
  {
    key: 'wht-reclaim', queue: 'Steuern', type: 'service-request', weight: 8,
    title: ['Erstattungsantrag Quellensteuer {country} {year}', 'Withholding tax reclaim {country} {year}'],
    opening: [['für unsere Kunden möchten wir die zu viel einbehaltene Quellensteuer aus {country} ({rate}) für {year} zurückfordern. Bitte teilen Sie uns mit, ob Sie den Antrag ({form}) für uns stellen.',
      'we would like to reclaim the excess withholding tax from {country} ({rate}) for {year} on behalf of our clients. Please let us know whether you file the claim ({form}) for us.']],
    solution: [['der Erstattungsantrag ({form}) ist eingereicht; nach unserer Erfahrung erstattet die Behörde in {country} innerhalb von sechs bis neun Monaten.',
      'the reclaim ({form}) has been filed; in our experience the authority in {country} refunds within six to nine months.']],
    failure: ['für {year} ist die Antragsfrist in {country} bereits abgelaufen; eine Erstattung ist nicht mehr möglich.', 'the filing deadline in {country} for {year} has passed; a refund is no longer possible.'],
    files: ['pdf', 'xlsx'],
  },
  {
    key: 'tax-certificate', queue: 'Steuern', type: 'service-request', weight: 7,
    title: ['Jahressteuerbescheinigung {year} fehlt', 'Annual tax certificate {year} missing'],
    opening: [['für Depot {depot} fehlt uns noch die Jahressteuerbescheinigung {year}. Unsere Kunden fragen bereits nach.', 'we are still missing the annual tax certificate {year} for account {depot}. Our clients are asking for it.']],
    solution: [['die Jahressteuerbescheinigung {year} für Depot {depot} steht jetzt im Kundenportal bereit.', 'the annual tax certificate {year} for account {depot} is now available in the client portal.']],
    failure: ['für Depot {depot} wird keine Bescheinigung erstellt, da {year} keine steuerrelevanten Erträge angefallen sind.', 'no certificate is issued for account {depot} because it had no taxable income in {year}.'],
  },
  {
    key: 'wrong-withholding', queue: 'Steuern', type: 'incident', weight: 4,
    title: ['Falscher Quellensteuerabzug {security}', 'Incorrect withholding tax on {security}'],
    opening: [['auf die Dividende von {security} wurden {rate} Quellensteuer einbehalten, obwohl für Depot {depot} eine Ansässigkeitsbescheinigung vorliegt. Bitte korrigieren Sie die Abrechnung.',
      '{rate} withholding tax was deducted from the {security} dividend although a certificate of residence is on file for account {depot}. Please correct the statement.']],
    solution: [['die Abrechnung ist korrigiert; die Differenz wurde mit Valuta {payDate} gutgeschrieben.', 'the statement has been corrected; the difference was credited with value date {payDate}.']],
    failure: ['die Ansässigkeitsbescheinigung war zum Zahltag abgelaufen; der Abzug ist korrekt. Eine Erstattung ist nur über den Antrag ({form}) möglich.',
      'the certificate of residence had expired on the payment date, so the deduction is correct. A refund is only possible via the reclaim ({form}).'],
    files: ['pdf'],
  },
  {
    key: 'connection-down', queue: 'IT-Betrieb', type: 'incident', weight: 8,
    title: ['Störung: {systemName}', 'Outage: {systemName}'],
    opening: [['seit heute Morgen ist {system} gestört. Unsere Statusmeldungen (MT548) bleiben aus. Gibt es eine bekannte Störung?',
      'since this morning {system} has been down. We receive no status messages (MT548). Is there a known outage?']],
    solution: [['die Störung ist behoben; nach einem Zertifikatsfehler auf unserem Gateway laufen die Nachrichten wieder. Die liegengebliebenen MT548 wurden nachgesendet.',
      'the outage is resolved; after a certificate error on our gateway, messages flow again. The queued MT548 have been resent.']],
    failure: ['die Ursache liegt in Ihrem Netz: Ihre Firewall verwirft die Verbindung. Bitte wenden Sie sich an Ihren Netzbetreiber.', 'the cause lies in your network: your firewall drops the connection. Please contact your network provider.'],
    files: ['txt', 'png'],
  },
  {
    key: 'file-missing', queue: 'IT-Betrieb', type: 'incident', weight: 6,
    title: ['Bestandsdatei vom {date} fehlt', 'Holdings file of {date} missing'],
    opening: [['die tägliche Bestandsdatei für Depot {depot} vom {date} ist nicht auf unserem SFTP-Server angekommen.', 'the daily holdings file for account {depot} of {date} did not arrive on our SFTP server.']],
    solution: [['die Datei ist erneut übertragen worden; der Nachtlauf war wegen einer Wartung verspätet.', 'the file has been transferred again; the night run was late because of maintenance.']],
    failure: ['für diesen Tag wurde wegen des Feiertags keine Datei erzeugt.', 'no file was produced for that day because of the holiday.'],
  },
  {
    key: 'certificate-renewal', queue: 'IT-Betrieb', type: 'service-request', weight: 3,
    title: ['Zertifikatstausch für {systemName}', 'Certificate renewal for {systemName}'],
    opening: [['unser Zertifikat für {system} läuft am {deadline} ab. Bitte nennen Sie uns einen Termin für den Tausch.', 'our certificate for {system} expires on {deadline}. Please propose a date for the renewal.']],
    solution: [['das neue Zertifikat ist eingespielt, der Testaufruf war erfolgreich.', 'the new certificate is installed and the test call succeeded.']],
    failure: ['das eingereichte Zertifikat ist von einer Stelle signiert, der wir nicht vertrauen. Bitte reichen Sie ein Zertifikat Ihrer Haus-CA ein.', 'the certificate you sent is signed by an authority we do not trust. Please send one issued by your corporate CA.'],
  },
  {
    key: 'cut-off-question', queue: 'ServiceLine', type: 'service-request', weight: 6,
    title: ['Frage zu Cut-off-Zeiten', 'Question on cut-off times'],
    opening: [['bis wann müssen Instruktionen für Lieferungen über {custodian} bei Ihnen eingehen, damit sie am selben Tag beliefert werden?', 'by when do instructions for deliveries via {custodian} have to reach you to settle the same day?']],
    solution: [['Instruktionen gegen Zahlung müssen bis 15:30 Uhr, freie Lieferungen bis 16:00 Uhr bei uns eingehen. Die Übersicht aller Cut-off-Zeiten finden Sie im Kundenportal.',
      'instructions against payment must reach us by 15:30, free-of-payment deliveries by 16:00 CET. All cut-off times are listed in the client portal.']],
    failure: ['für {custodian} bieten wir keine Belieferung am selben Tag an.', 'we do not offer same-day settlement via {custodian}.'],
  },
  {
    key: 'portal-password', queue: 'ServiceLine', type: 'service-request', weight: 6,
    title: ['Zugang Kundenportal gesperrt', 'Client portal access locked'],
    opening: [['ich habe mein Passwort für das Kundenportal dreimal falsch eingegeben und bin jetzt gesperrt. Können Sie mich bitte entsperren?', 'I entered my client portal password wrongly three times and am locked out now. Could you please unlock me?']],
    solution: [['Ihr Zugang ist entsperrt; das Einmalpasswort erhalten Sie per SMS.', 'your access is unlocked; you will receive a one-time password by text message.']],
    failure: ['wir können den Zugang nur auf schriftlichen Antrag Ihres Administrators entsperren.', 'we can only unlock the access on a written request from your administrator.'],
  },
  {
    key: 'fee-question', queue: 'ServiceLine', type: 'service-request', weight: 3,
    title: ['Rückfrage zur Gebührenabrechnung {month}', 'Question on the fee statement for {month}'],
    opening: [['in der Gebührenabrechnung für {month} ist eine Position „Verwahrentgelt Ausland“ enthalten, die wir nicht zuordnen können.', 'the fee statement for {month} contains an item "foreign safekeeping fee" that we cannot allocate.']],
    solution: [['die Position betrifft Ihre Bestände bei {custodian}; die Aufstellung je ISIN liegt bei.', 'the item relates to your holdings at {custodian}; the breakdown per ISIN is attached.']],
    failure: ['die Position ist korrekt und entspricht Ihrem Preisverzeichnis.', 'the item is correct and matches your price list.'],
    files: ['xlsx'],
  },
  {
    key: 'late-credit-complaint', queue: 'Beschwerden', type: 'complaint', weight: 5,
    title: ['Beschwerde: verspätete Gutschrift {security}', 'Complaint: late credit {security}'],
    opening: [['zum wiederholten Mal wurde die Dividende aus {security} erst Tage nach dem Zahltag gutgeschrieben. Unseren Kunden entstehen Zinsnachteile; wir erwarten eine Erklärung und eine Entschädigung.',
      'once again the {security} dividend was credited days after the payment date. Our clients lose interest; we expect an explanation and compensation.']],
    solution: [['wir bedauern die Verzögerung. Ursache war eine verspätete Zahlung von {custodian}; den Zinsausgleich von {fee} haben wir Ihrem Konto gutgeschrieben.',
      'we apologise for the delay. It was caused by a late payment from {custodian}; we have credited {fee} to your account as interest compensation.']],
    failure: ['nach unserer Prüfung erfolgte die Gutschrift am Tag des Geldeingangs von {custodian}; eine Entschädigung können wir daher nicht leisten.',
      'our review shows that the credit was booked on the day {custodian}\'s payment arrived, so we cannot offer compensation.'],
  },
  {
    key: 'unanswered-complaint', queue: 'Beschwerden', type: 'complaint', weight: 4,
    title: ['Beschwerde: keine Antwort auf unsere Anfrage', 'Complaint: no answer to our request'],
    opening: [['auf unsere Anfrage zu {security} vom {date} haben wir trotz zweier Erinnerungen keine Antwort erhalten. So können wir nicht zusammenarbeiten.',
      'we have had no answer to our request on {security} of {date}, despite two reminders. This is not acceptable.']],
    solution: [['Sie haben recht, Ihre Anfrage ist liegengeblieben. Sie ist inzwischen beantwortet, und wir haben die Vertretungsregel im Team geändert.',
      'you are right, your request was left unanswered. It has been answered now, and we have changed the team\'s cover arrangements.']],
    failure: ['wir finden zu Ihrer Anfrage vom {date} keinen Eingang. Bitte senden Sie sie uns erneut, wir bearbeiten sie sofort.', 'we cannot find your request of {date}. Please send it again and we will deal with it at once.'],
  },
  {
    key: 'penalty-complaint', queue: 'Beschwerden', type: 'complaint', weight: 3,
    title: ['Beschwerde über CSDR-Strafgebühren Ref. {reference}', 'Complaint about CSDR penalties ref. {reference}'],
    opening: [['Sie haben uns für den Fail {reference} CSDR-Strafgebühren von {fee} belastet, obwohl die Gegenseite den Fail verursacht hat.', 'you charged us CSDR penalties of {fee} for fail {reference}, although the counterparty caused the fail.']],
    solution: [['die Belastung war falsch zugeordnet; wir haben {fee} storniert.', 'the charge was allocated wrongly; we have reversed {fee}.']],
    failure: ['laut T2S lag der Fail auf Ihrer Seite (fehlende Geldbelieferung); die Strafgebühr bleibt bestehen.', 'according to T2S the fail was on your side (insufficient cash); the penalty stands.'],
    files: ['pdf'],
  },
];

export const taxPhrases: QueuePhrases = {
  followUps: [
    ['anbei die Ansässigkeitsbescheinigungen und die Ertragsaufstellung.', 'please find attached the certificates of residence and the income list.'],
    ['gibt es schon einen Stand? Unsere Kunden fragen nach.', 'is there any progress? Our clients are asking.'],
  ],
  question: [['bitte senden Sie uns die Ansässigkeitsbescheinigungen Ihrer Kunden und eine Aufstellung der Erträge je ISIN.', 'please send us your clients\' certificates of residence and a list of income per ISIN.']],
  waiting: [['der Antrag liegt bei der Steuerbehörde; wir melden uns, sobald der Bescheid vorliegt.', 'the claim is with the tax authority; we will be in touch once the decision arrives.']],
  notes: ['Erstattungsvolumen geprüft, Antrag lohnt sich (> EUR 500).', 'Ansässigkeitsbescheinigung gültig bis Jahresende.', 'Rückfrage beim Steuerberater des Hauses gestellt.'],
  timeNotes: ['Antrag vorbereitet', 'Prüfung Ertragsaufstellung', 'Telefonat mit Kunde'],
};

export const itPhrases: QueuePhrases = {
  followUps: [
    ['der letzte erfolgreiche Abruf war gestern um 18:05 Uhr, die Fehlermeldung lautet „connection reset by peer“.', 'the last successful transfer was yesterday at 18:05; the error reads "connection reset by peer".'],
    ['das Problem besteht weiterhin.', 'the problem persists.'],
  ],
  question: [['können Sie uns bitte die Uhrzeit des letzten erfolgreichen Abrufs und die Fehlermeldung im Wortlaut senden?', 'could you please send us the time of the last successful transfer and the exact error message?']],
  waiting: [['der Hersteller analysiert das Problem; wir halten Sie auf dem Laufenden.', 'the vendor is analysing the problem; we will keep you posted.']],
  notes: ['Logs auf dem Gateway geprüft: TLS-Handshake schlägt fehl.', 'Störungsmeldung an Rechenzentrum weitergegeben.', 'Workaround: Datei manuell bereitgestellt.'],
  timeNotes: ['Log-Analyse', 'Abstimmung mit Rechenzentrum', 'Test mit Kunde'],
};

export const serviceLinePhrases: QueuePhrases = {
  followUps: [['meine Kundennummer ist {depot}.', 'my client number is {depot}.'], ['danke, ich warte auf Ihren Rückruf.', 'thanks, I will wait for your call.']],
  question: [['können Sie mir bitte Ihre Kundennummer bzw. die Depotnummer nennen?', 'could you please give me your client or account number?']],
  waiting: [['ich kläre das mit der Fachabteilung und melde mich.', 'I will check with the specialist team and get back to you.']],
  notes: ['Kunde am Telefon, Anliegen aufgenommen.', 'Doppelte Anfrage vermeiden: keine offenen Tickets der Institution zum Thema.', 'Rückruf zugesagt.'],
  timeNotes: ['Telefonat', 'Recherche'],
};

export const complaintPhrases: QueuePhrases = {
  followUps: [
    ['betroffen sind alle Gutschriften der letzten drei Monate, die Liste liegt bei.', 'all credits of the last three months are affected; the list is attached.'],
    ['wir erwarten bis Ende der Woche eine Stellungnahme.', 'we expect a statement by the end of the week.'],
  ],
  question: [['damit wir den Vorgang vollständig prüfen können: welche Buchungen sind betroffen?', 'so that we can review everything: which bookings are affected?']],
  waiting: [['wir prüfen den Vorgang mit den beteiligten Abteilungen und melden uns bis Ende der Woche.', 'we are reviewing the matter with the teams involved and will answer by the end of the week.']],
  notes: ['Beschwerde im Beschwerderegister erfasst.', 'Stellungnahme der Fachabteilung angefordert.', 'Kulanz bis EUR 500 durch Teamleitung freigegeben.'],
  timeNotes: ['Prüfung Beschwerde', 'Stellungnahme verfasst'],
};
