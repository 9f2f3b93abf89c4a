import type { QueuePhrases, Topic } from './topic-types.js';

/** The internal helpdesk: staff of the bank ask, in German; the English column is for completeness. */
export const helpdeskTopics: readonly Topic[] = [
  {
    key: 'device-broken', queue: 'Interner Helpdesk', type: 'incident', weight: 6,
    title: ['{item} funktioniert nicht', '{item} not working'],
    opening: [['mein {item} funktioniert seit heute Morgen nicht mehr. Ich kann so keine Instruktionen bearbeiten.', 'my {item} has not been working since this morning. I cannot process instructions like this.']],
    solution: [['das Gerät ist getauscht, bitte einmal neu anmelden.', 'the device has been replaced, please sign in again.']],
    failure: ['für dieses Modell gibt es keinen Ersatz mehr; bitte beantragen Sie ein neues Gerät über den Bestellprozess.', 'there is no replacement for this model; please order a new device.'],
    files: ['png'],
  },
  {
    key: 'access-request', queue: 'Interner Helpdesk', type: 'service-request', weight: 6,
    title: ['Berechtigung für das Abwicklungssystem', 'Access to the settlement system'],
    opening: [['für die Vertretung von {colleague} benötige ich ab Montag Lesezugriff auf das Abwicklungssystem und die Queue Wertpapiere::Abwicklung.',
      'to cover for {colleague} I need read access to the settlement system and the queue Wertpapiere::Abwicklung from Monday.']],
    solution: [['die Berechtigung ist eingerichtet und gilt bis zum Ende der Vertretung.', 'the access is set up and lasts until the end of the cover period.']],
    failure: ['die Berechtigung muss von Ihrer Teamleitung beantragt werden; bitte nutzen Sie das Formular im Intranet.', 'your team lead has to request this access; please use the form on the intranet.'],
  },
  {
    key: 'account-locked', queue: 'Interner Helpdesk', type: 'service-request', weight: 5,
    title: ['Windows-Konto gesperrt', 'Windows account locked'],
    opening: [['mein Windows-Konto ist nach dem Urlaub gesperrt, das Passwort ist abgelaufen. Bitte entsperren.', 'my Windows account is locked after my holiday; the password has expired. Please unlock it.']],
    solution: [['das Konto ist entsperrt; bitte ändern Sie das Passwort bei der nächsten Anmeldung.', 'the account is unlocked; please change the password at the next sign-in.']],
    failure: ['das Konto wurde durch die Revision gesperrt; bitte wenden Sie sich an Ihre Führungskraft.', 'the account was locked by internal audit; please talk to your manager.'],
  },
  {
    key: 'new-joiner', queue: 'Interner Helpdesk', type: 'service-request', weight: 2,
    title: ['Arbeitsplatz für neue Kollegin / neuen Kollegen', 'Workplace for a new colleague'],
    opening: [['am {date} beginnt {colleague} in unserem Team. Bitte Notebook, Headset und die Zugänge zu Kontor und dem Abwicklungssystem vorbereiten.',
      '{colleague} joins our team on {date}. Please prepare a notebook, a headset and access to Kontor and the settlement system.']],
    solution: [['der Arbeitsplatz ist vorbereitet, die Zugangsdaten liegen bei der Teamleitung.', 'the workplace is ready; the credentials are with the team lead.']],
    failure: ['ohne unterschriebenen Berechtigungsantrag können wir die Zugänge nicht einrichten.', 'we cannot set up the accounts without a signed access request.'],
  },
];

export const helpdeskPhrases: QueuePhrases = {
  followUps: [
    ['seit heute früh, die Fehlermeldung lautet „Gerät nicht erkannt“.', 'since early this morning; the error says "device not recognised".'],
    ['das Problem besteht auch nach einem Neustart.', 'the problem persists after a restart.'],
    ['ab wann kann ich damit rechnen?', 'when can I expect it?'],
  ],
  question: [['seit wann genau tritt das auf, und erscheint eine Fehlermeldung?', 'since when exactly does this happen, and is there an error message?']],
  waiting: [['das Ersatzgerät ist bestellt und kommt voraussichtlich übermorgen.', 'the replacement is ordered and should arrive the day after tomorrow.']],
  notes: ['Fernwartung durchgeführt, Treiber neu installiert.', 'An IT-Betrieb übergeben: betrifft das Abwicklungssystem.', 'Gerät im Inventar als defekt markiert.'],
  timeNotes: ['Fernwartung', 'Vor-Ort-Einsatz', 'Einrichtung Berechtigung'],
};
