import type { MutationArgs } from '../../sync/mutations.js';
import type { Random } from './random.js';
import type { TicketContext } from './ticket-context.js';
import { timeOrderedId } from './time-ids.js';
import type { FileKind } from './topic-types.js';

export type AttachmentUpload = MutationArgs<'ticket.addArticle'>['article']['attachments'][number];

interface FileTemplate {
  names: readonly string[];
  contentType: string;
  content(random: Random, context: TicketContext): Buffer;
}

/** Bytes of the right kind and a few kilobytes at most: enough for a viewer to recognise, small enough for a year of tickets. */
function padding(random: Random, bytes: number): Buffer {
  const buffer = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i += 4) buffer.writeUInt32LE(random.uint32(), Math.min(i, bytes - 4));
  return buffer;
}

const templates: Record<FileKind | 'exe', FileTemplate> = {
  pdf: {
    names: ['Lieferanweisung_{depot}.pdf', 'Depotauszug_{date}.pdf', 'Erstattungsantrag_{year}.pdf', 'Scan_{reference}.pdf', 'Übertragsauftrag Müller.pdf', 'Weisung KM {isin}.pdf'],
    contentType: 'application/pdf',
    content: (random, context) => Buffer.concat([
      Buffer.from(`%PDF-1.4\n% ${context.fill('{security} {isin} {reference}')}\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\nstream\n`, 'latin1'),
      padding(random, random.int(200, 6000)),
      Buffer.from('\nendstream\n%%EOF\n', 'latin1'),
    ]),
  },
  csv: {
    names: ['Bestandsabgleich_{date}.csv', 'Instruktionen_{reference}.csv', 'fails_{date}.csv'],
    contentType: 'text/csv',
    content: (random, context) => {
      const rows = ['ISIN;Bezeichnung;Stück;Valuta;Referenz'];
      for (let i = random.int(2, 40); i > 0; i -= 1) rows.push(context.fill(`{isin};{security};${String(random.int(1, 500) * 100)};{settlementDate};{reference}`));
      return Buffer.from(`${rows.join('\r\n')}\r\n`, 'utf8');
    },
  },
  xlsx: {
    names: ['Ertragsaufstellung_{year}.xlsx', 'Gebühren_{month}.xlsx', 'Stückzinsberechnung.xlsx'],
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    content: (random) => Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), padding(random, random.int(1500, 8000))]),
  },
  png: {
    names: ['Screenshot {date}.png', 'Fehlermeldung.png', 'image001.png'],
    contentType: 'image/png',
    content: (random) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), padding(random, random.int(800, 8000))]),
  },
  txt: {
    names: ['gateway.log', 'MT548_{reference}.txt', 'fehlerprotokoll.txt'],
    contentType: 'text/plain',
    content: (random, context) => Buffer.from(context.fill(
      `{:1:F01KONTDEFFAXXX0000000000}{4:\r\n:20C::SEME//{reference}\r\n:25D::MTCH//NMAT\r\n:24B::NMAT//CMIS\r\n:35B:ISIN {isin}\r\n-}\r\n${'#'.repeat(random.int(0, 200))}`,
    ), 'utf8'),
  },
  // What the display must never run: an executable dressed as an invoice.
  exe: {
    names: ['Rechnung_{month}.pdf.exe', 'DepotTool_Setup.exe'],
    contentType: 'application/x-msdownload',
    content: (random) => Buffer.concat([Buffer.from('MZ', 'latin1'), padding(random, random.int(500, 3000))]),
  },
};

/** One attachment of the kind, named as clients name their files, with a content that is what the name says. */
export function attachment(random: Random, context: TicketContext, at: Date, kind: FileKind | 'exe'): AttachmentUpload {
  const template = templates[kind];
  return {
    id: timeOrderedId(at, random),
    filename: context.fill(random.pick(template.names)).replace(/[/\\]/gu, '-'),
    contentType: template.contentType,
    contentBase64: template.content(random, context).toString('base64'),
  };
}
