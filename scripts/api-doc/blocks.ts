import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { ownerCandidatesResponseSchema } from '../../src-shared/domain/people.js';
import { limits } from '../../src-shared/limits.js';
import { entityNames, entitySchemas } from '../../src-shared/sync/entities.js';
import { mutationArgs, mutationNames, mutationRules, writtenFields } from '../../src-shared/sync/mutations.js';
import {
  changeSchema,
  changesQuerySchema,
  changesResponseSchema,
  mutationEnvelopeSchema,
  mutationResultSchema,
  rejectionReasons,
  syncEventSchema,
  syncReasons,
} from '../../src-shared/sync/protocol.js';
import { ApiHttpError, sendApiError, type ApiReason } from '../../src-server/http/errors.js';
import { eventsSettings } from '../../src-server/http/routes/events.js';
import { eventsCloseCodes, type EventsCloseReason } from '../../src-shared/sync/protocol.js';
import { closeDescriptions, entityDescriptions, limitDescriptions, mutationDescriptions, rejectionDescriptions, syncReasonDescriptions } from './descriptions.js';
import { fieldRows, fieldTable, typeOf, type JsonSchema } from './schema-fields.js';

/** Named schemas are shown by name where other schemas contain them. */
const named = z.registry<{ id: string }>();
for (const name of entityNames) named.add(entitySchemas[name], { id: name });
named.add(changeSchema, { id: 'change' });

function jsonSchema(schema: z.ZodType, io: 'input' | 'output', withNames = false): JsonSchema {
  return z.toJSONSchema(schema, { io, unrepresentable: 'any', ...(withNames ? { metadata: named } : {}) }) as JsonSchema;
}

const inputTable = (schema: z.ZodType): string => fieldTable(fieldRows(jsonSchema(schema, 'input')), true);
const outputTable = (schema: z.ZodType): string => fieldTable(fieldRows(jsonSchema(schema, 'output', true)), false);

export function envelopesBlock(): string {
  const results = jsonSchema(mutationResultSchema, 'output', true).oneOf ?? [];
  const change = jsonSchema(changeSchema, 'output');
  // A discriminated union is a oneOf in JSON Schema; the remove variant is the last.
  const remove = (change.oneOf ?? change.anyOf ?? []).at(-1) ?? {};
  const changeRows = fieldRows(remove).map((row) =>
    row.field === 'data' ? { ...row, type: 'the entity named by `entity` (see Entities), `null` for `remove`' } : row.field === 'op' ? { ...row, type: 'one of `upsert`, `remove`' } : row,
  );
  return [
    '#### Mutation batch (request of `POST /api/v1/sync/mutations`, `mutationEnvelopeSchema`)',
    inputTable(mutationEnvelopeSchema),
    '#### Mutation result (`mutationResultSchema`), one per mutation, in order: `{"results": [...]}`',
    ...results.flatMap((variant) => [`\`status\` ${typeOf(variant.properties?.['status'] ?? {})}:`, fieldTable(fieldRows(variant), false)]),
    '#### Changes query (`GET /api/v1/sync/changes`, `changesQuerySchema`)',
    inputTable(changesQuerySchema),
    '#### Changes page (`changesResponseSchema`)',
    outputTable(changesResponseSchema),
    '#### Change (`changeSchema`)',
    fieldTable(changeRows, false),
    '#### Event (`syncEventSchema`), pushed on `GET /api/v1/events`',
    outputTable(syncEventSchema),
    '#### Owner candidates (`GET /api/v1/queues/:id/owner-candidates`, `ownerCandidatesResponseSchema`)',
    outputTable(ownerCandidatesResponseSchema),
  ].join('\n\n');
}

export function entitiesBlock(): string {
  return entityNames
    .map((name) => [`### \`${name}\``, entityDescriptions[name], fieldTable(fieldRows(jsonSchema(entitySchemas[name], 'output')), false)].join('\n\n'))
    .join('\n\n');
}

export function mutationsBlock(): string {
  return mutationNames
    .map((name) => {
      const { rights, effect } = mutationDescriptions[name];
      const written = writtenFields[name];
      const conflicts = written.length === 0 ? 'never (send `baseVersion` null or any)' : `when ${written.map((field) => `\`${field}\``).join(', ')} changed since \`baseVersion\` (required)`;
      const lock = mutationRules[name].respectsLock ? ' Refused with `locked-by-other` while another agent holds the lock.' : '';
      return [`### \`${name}\``, effect, `Needs: ${rights}. Conflicts: ${conflicts}.${lock}`, inputTable(mutationArgs[name])].join('\n\n');
    })
    .join('\n\n');
}

export function rejectionReasonsBlock(): string {
  return ['| reason | meaning |', '|---|---|', ...rejectionReasons.map((reason) => `| \`${reason}\` | ${rejectionDescriptions[reason]} |`)].join('\n');
}

/** The status the server's error handler gives a reason, read from the handler itself. */
function httpStatusOf(reason: ApiReason): number {
  let status = 0;
  const reply = {
    code(code: number) {
      status = code;
      return reply;
    },
    header: () => reply,
    send: () => reply,
  };
  sendApiError(reply as unknown as FastifyReply, new ApiHttpError(reason, ''));
  return status;
}

export function syncReasonsBlock(): string {
  return ['| reason | status | meaning |', '|---|---|---|', ...syncReasons.map((reason) => `| \`${reason}\` | ${httpStatusOf(reason)} | ${syncReasonDescriptions[reason]} |`)].join('\n');
}

export function limitsBlock(): string {
  const entries = Object.entries(limits) as [keyof typeof limits, number][];
  return ['| limit | value | of |', '|---|---|---|', ...entries.map(([name, value]) => `| \`${name}\` | ${value.toLocaleString('en-US')} | ${limitDescriptions[name]} |`)].join('\n');
}

export function eventsBlock(): string {
  const reasons = Object.keys(eventsCloseCodes) as EventsCloseReason[];
  return [
    '| close code | reason | what the Desk does |',
    '|---|---|---|',
    ...reasons.map((reason) => `| ${eventsCloseCodes[reason]} | \`${reason}\` | ${closeDescriptions[reason]} |`),
    '',
    `Pushes are coalesced to at most one per socket every ${eventsSettings.coalesceMs} ms, always ending with the newest seq. ` +
      `Every ${eventsSettings.tickMs / 1000} s the server pings each socket (one that did not answer the previous ping is dropped) and checks the sessions behind them. ` +
      `An agent may hold ${eventsSettings.maxSocketsPerAgent} sockets per server instance. Frames from the client larger than ${eventsSettings.maxPayloadBytes} bytes close the socket (1009); others are ignored.`,
  ].join('\n');
}
