import { z } from 'zod';

/**
 * How a field is stored, whatever the store (PostgreSQL on the server, SQLite in the Desk
 * cache): the store derives its column type and its conversion from this, so that an entity is
 * described once (compare actual's `aql/schema`: one declaration its converters all read).
 */
export type StorageKind =
  /** A UUID, stored as such, sent in lower case. */
  | 'uuid'
  | 'text'
  | 'integer'
  | 'boolean'
  /** An instant, sent as ISO 8601 UTC with milliseconds (`Date.prototype.toISOString`). */
  | 'instant'
  /** A list of short texts (a set of flags). */
  | 'text-list'
  /** A JSON document. */
  | 'json'
  /** A server-assigned 64-bit number, sent as decimal text (JSON numbers stop at 2^53). */
  | 'serial';

export interface FieldDescription<S extends z.ZodType = z.ZodType> {
  kind: StorageKind;
  schema: S;
  nullable: boolean;
}

/** A field that may be null, stored in a nullable column. */
export function nullable<S extends z.ZodType>(field: FieldDescription<S>): FieldDescription<z.ZodNullable<S>> {
  return { kind: field.kind, schema: field.schema.nullable(), nullable: true };
}

const of = <S extends z.ZodType>(kind: StorageKind, schema: S): FieldDescription<S> => ({ kind, schema, nullable: false });

/** Field constructors by storage kind; a narrower schema may be passed where the kind allows one. */
export const field = {
  uuid: () => of('uuid', z.uuid()),
  text: <S extends z.ZodType<string> = z.ZodString>(schema?: S) => of('text', schema ?? (z.string() as unknown as S)),
  integer: <S extends z.ZodType<number> = z.ZodNumber>(schema?: S) => of('integer', schema ?? (z.number().int() as unknown as S)),
  boolean: () => of('boolean', z.boolean()),
  instant: () => of('instant', z.iso.datetime({ offset: true })),
  textList: <S extends z.ZodType<string>>(item: S) => of('text-list', z.array(item)),
  json: <S extends z.ZodType>(schema: S) => of('json', schema),
  serial: () => of('serial', z.string().regex(/^\d+$/u)),
};

export type Fields = Record<string, FieldDescription>;
type Shape<F extends Fields> = { [K in keyof F]: F[K]['schema'] };

/** One entity of the feed: its fields, and the zod schema of its JSON that is derived from them. */
export interface EntityDescription<F extends Fields = Fields> {
  fields: F;
  schema: z.ZodObject<Shape<F>>;
}

export function describeEntity<F extends Fields>(fields: F): EntityDescription<F> {
  const shape = Object.fromEntries(Object.entries(fields).map(([key, description]) => [key, description.schema])) as Shape<F>;
  return { fields, schema: z.object(shape) };
}

/** `firstResponseDue` → `first_response_due`: the column a field is stored in unless a store says otherwise. */
export function columnName(key: string): string {
  return key.replace(/[A-Z]/gu, (letter) => `_${letter.toLowerCase()}`);
}
