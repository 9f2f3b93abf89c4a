import { decodeSqlValue, type CapturedLine, type EncodedValue, type SqlParam } from './sql-values.js';

/**
 * A captured statement whose parameters can be given fresh values: every place where a captured
 * value that must not repeat (an id, the ticket number, the agent's session) or that came out
 * of an earlier statement's result (a history row's id) stood — a whole parameter, an element of
 * an array parameter, a string inside a JSON parameter — is a slot named by that captured value.
 * Everything else is sent exactly as Kontor sent it.
 */
export interface StatementTemplate {
  text: string;
  /** Kontor's prepared-statement name, which the replay uses too (parsed once per connection). */
  name: string | null;
  /** Kontor sent it without waiting for the previous statement's answer: the replay does the same. */
  pipelined: boolean;
  /** Null: Kontor sent it without a parameter list, so pg used the simple protocol. */
  params: ParamTemplate[] | null;
  /** Statements in the text (a simple-protocol query may hold several, in one round trip). */
  statements: number;
  /** Captured values this statement's result gives to later ones, and where the replay's result has them. */
  produces: Produced[];
}

interface Produced {
  value: string;
  result: number;
  row: number;
  field: string;
}

type Part = string | { slot: string; inJson: boolean };
type ParamTemplate =
  | { kind: 'fixed'; value: SqlParam }
  | { kind: 'text'; parts: Part[] }
  | { kind: 'bytes'; slot: string }
  | { kind: 'array'; items: ParamTemplate[] };

/** The values of one replayed mutation, by the captured value they replace (`bytes:` + base64 for binary ones). */
export type ReplayValues = Map<string, string | Buffer>;

/** Templates of captured statements in order; `known` are the captured values the replay gives afresh. */
export function buildTemplates(lines: readonly CapturedLine[], known: ReadonlySet<string>): StatementTemplate[] {
  const available = new Set(known);
  const candidates = new Map<string, { line: number } & Omit<Produced, 'value'>>();
  const used = new Set<string>();
  const templates = lines.map((line, index): StatementTemplate => {
    const params = line.values === null ? null : line.values.map((value) => templateOf(value, available, used));
    line.results.forEach((rows, result) =>
      rows.forEach((cells, row) => {
        for (const [field, value] of Object.entries(cells)) {
          if (available.has(value)) continue;
          available.add(value);
          candidates.set(value, { line: index, result, row, field });
        }
      }),
    );
    return { text: line.text, name: line.name, pipelined: line.pipelined, params, statements: Math.max(1, line.results.length), produces: [] };
  });
  for (const [value, { line, ...where }] of candidates) if (used.has(value)) templates[line]?.produces.push({ value, ...where });
  return templates;
}

function templateOf(value: EncodedValue, slots: ReadonlySet<string>, used: Set<string>): ParamTemplate {
  const slot = (name: string): string => {
    used.add(name);
    return name;
  };
  if (Array.isArray(value)) {
    const items = value.map((item) => templateOf(item, slots, used));
    return items.every((item) => item.kind === 'fixed') ? { kind: 'fixed', value: decodeSqlValue(value) } : { kind: 'array', items };
  }
  if (value !== null && typeof value === 'object' && '$bytes' in value) {
    const name = `bytes:${value.$bytes}`;
    return slots.has(name) ? { kind: 'bytes', slot: slot(name) } : { kind: 'fixed', value: decodeSqlValue(value) };
  }
  if (typeof value !== 'string') return { kind: 'fixed', value: decodeSqlValue(value) };
  if (slots.has(value)) return { kind: 'text', parts: [{ slot: slot(value), inJson: false }] };
  if (!/^[[{]/u.test(value)) return { kind: 'fixed', value };
  // JSON text (an entity, history data): its string values that are slots, found as JSON strings.
  const matches: { start: number; end: number; name: string }[] = [];
  for (const name of slots) {
    if (name.startsWith('bytes:')) continue;
    const quoted = JSON.stringify(name);
    for (let at = value.indexOf(quoted); at >= 0; at = value.indexOf(quoted, at + quoted.length)) {
      matches.push({ start: at + 1, end: at + quoted.length - 1, name });
    }
  }
  if (matches.length === 0) return { kind: 'fixed', value };
  matches.sort((a, b) => a.start - b.start);
  const parts: Part[] = [];
  let from = 0;
  for (const match of matches) {
    if (match.start < from) continue;
    parts.push(value.slice(from, match.start), { slot: slot(match.name), inJson: true });
    from = match.end;
  }
  parts.push(value.slice(from));
  return { kind: 'text', parts };
}

/** The parameters of a statement with this mutation's values (a slot without one keeps the captured value). */
export function renderParams(template: StatementTemplate, values: ReplayValues): SqlParam[] | null {
  return template.params === null ? null : template.params.map((param) => render(param, values));
}

function render(param: ParamTemplate, values: ReplayValues): SqlParam {
  switch (param.kind) {
    case 'fixed':
      return param.value;
    case 'bytes': {
      const value = values.get(param.slot);
      return Buffer.isBuffer(value) ? value : Buffer.from(param.slot.slice('bytes:'.length), 'base64');
    }
    case 'array':
      return param.items.map((item) => render(item, values));
    case 'text':
      return param.parts
        .map((part) => {
          if (typeof part === 'string') return part;
          const value = values.get(part.slot);
          const text = typeof value === 'string' ? value : part.slot;
          return part.inJson ? JSON.stringify(text).slice(1, -1) : text;
        })
        .join('');
  }
}

/** Takes the values this statement produced from the replay's result (`pg` gives one result, or one per statement). */
export function learnProduced(template: StatementTemplate, result: unknown, values: ReplayValues): void {
  if (template.produces.length === 0) return;
  const results = (Array.isArray(result) ? result : [result]) as { rows?: Record<string, unknown>[] }[];
  for (const { value, result: index, row, field } of template.produces) {
    const cell = results[index]?.rows?.[row]?.[field];
    if (typeof cell === 'string') values.set(value, cell);
  }
}
