/**
 * Field tables from JSON Schema (as `z.toJSONSchema` writes it): one row per field, nested
 * objects flattened to dotted paths (`article.attachments[].filename`), named schemas (a
 * registry id, `$ref`) shown by name instead of inlined.
 */

export interface JsonSchema {
  type?: string | string[];
  $ref?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
}

export interface FieldRow {
  field: string;
  type: string;
  /** `required`, `optional` or `default …`; for inputs only. */
  presence: string;
}

const code = (value: unknown): string => `\`${typeof value === 'string' ? value : JSON.stringify(value)}\``;

function refName(ref: string): string {
  return ref.replace(/^#\/\$defs\//u, '');
}

function range(min: number | undefined, max: number | undefined, unit: string): string {
  const of = (count: number): string => `${count.toLocaleString('en-US')}${unit === '' ? '' : ` ${unit}`}`;
  if (min !== undefined && max !== undefined) return min === max ? of(max) : `${min.toLocaleString('en-US')}–${of(max)}`;
  if (max !== undefined) return `at most ${of(max)}`;
  if (min === 1 && unit === 'characters') return 'not empty';
  if (min !== undefined && min > 0) return `at least ${of(min)}`;
  return '';
}

function withDetail(type: string, detail: string): string {
  return detail === '' ? type : `${type}, ${detail}`;
}

function stringType(node: JsonSchema): string {
  if (node.format === 'uuid') return 'UUID';
  if (node.format === 'date-time') return 'ISO 8601 time';
  const length = range(node.minLength, node.maxLength, 'characters');
  return withDetail(node.pattern ? `string matching ${code(node.pattern)}` : 'string', length);
}

function numberType(node: JsonSchema, kind: string): string {
  const safe = Number.MAX_SAFE_INTEGER;
  const max = node.maximum === safe ? undefined : node.maximum;
  if (node.exclusiveMinimum === 0) return withDetail(`positive ${kind}`, range(undefined, max, ''));
  if (node.minimum !== undefined && max !== undefined) return `${kind} ${node.minimum}–${max}`;
  if (node.minimum === 0) return `${kind} ≥ 0`;
  return kind;
}

/** A short description of a node's type, without its nested fields. */
export function typeOf(node: JsonSchema): string {
  if (node.$ref !== undefined) return `${code(refName(node.$ref))} (see below)`;
  const alternatives = node.anyOf ?? node.oneOf;
  if (alternatives) {
    const nonNull = alternatives.filter((alternative) => alternative.type !== 'null');
    const joined = nonNull.map(typeOf).join(' or ');
    return nonNull.length < alternatives.length ? `${joined} or null` : joined;
  }
  if (Array.isArray(node.type)) {
    const nonNull = node.type.filter((type) => type !== 'null');
    const joined = nonNull.map((type) => typeOf({ ...node, type })).join(' or ');
    return nonNull.length < node.type.length ? `${joined} or null` : joined;
  }
  if (node.const !== undefined) return code(node.const);
  if (node.enum) return `one of ${node.enum.map(code).join(', ')}`;
  switch (node.type) {
    case 'string':
      return stringType(node);
    case 'integer':
      return numberType(node, 'integer');
    case 'number':
      return numberType(node, 'number');
    case 'boolean':
      return 'boolean';
    case 'array':
      return withDetail(`list of ${node.items?.properties ? 'objects' : node.items ? typeOf(node.items) : 'values'}`, range(node.minItems, node.maxItems, 'items'));
    case 'object':
      return node.properties ? 'object' : 'object with any keys';
    default:
      return 'any JSON value';
  }
}

function presenceOf(node: JsonSchema, required: boolean): string {
  if (node.default !== undefined) return `default \`${JSON.stringify(node.default)}\``;
  return required ? 'required' : 'optional';
}

/** The rows of an object schema, nested objects and lists of objects flattened. */
export function fieldRows(schema: JsonSchema, prefix = ''): FieldRow[] {
  const rows: FieldRow[] = [];
  const required = new Set(schema.required ?? []);
  for (const [name, node] of Object.entries(schema.properties ?? {})) {
    const field = `${prefix}${name}`;
    rows.push({ field, type: typeOf(node), presence: presenceOf(node, required.has(name)) });
    if (node.properties) rows.push(...fieldRows(node, `${field}.`));
    if (node.type === 'array' && node.items?.properties) rows.push(...fieldRows(node.items, `${field}[].`));
  }
  return rows;
}

/** A Markdown table of the rows; `withPresence` for what clients send. */
export function fieldTable(rows: readonly FieldRow[], withPresence: boolean): string {
  const escape = (text: string): string => text.replaceAll('|', '\\|');
  const header = withPresence ? '| field | type | |\n|---|---|---|' : '| field | type |\n|---|---|';
  const lines = rows.map((row) => `| \`${row.field}\` | ${escape(row.type)} |${withPresence ? ` ${row.presence} |` : ''}`);
  return [header, ...lines].join('\n');
}
