import { z } from 'zod';
import type { Directory } from '../../../src-shared/node/directory/types.js';
import { describeIssues } from '../../config/issues.js';
import type { MutationContext, Outcome, Rejection } from './outcome.js';

/** What a mutation may use before its transaction opens (look-ups that must not hold locks). */
export interface PrepareDependencies {
  directory: Directory;
  customersBase: string;
  now: Date;
}

/** A mutation whose arguments are valid, ready to run. */
export interface ValidMutation {
  /** Runs outside the transaction; a rejection ends the mutation there. */
  prepare(deps: PrepareDependencies): Promise<Rejection | null>;
  /** Runs inside the transaction; whatever it wrote is rolled back unless it answers applied. */
  apply(ctx: MutationContext): Promise<Outcome>;
}

export type ParsedMutation = { ok: true; mutation: ValidMutation } | { ok: false; message: string };

export interface MutationHandler {
  parse(args: unknown): ParsedMutation;
}

type ArgsSchema = z.ZodType<object>;

/**
 * A mutation with work before its transaction: `prepare` decodes or looks things up and hands
 * its result to `apply`.
 */
export function definePreparedMutation<S extends ArgsSchema, P>(
  schema: S,
  prepare: (deps: PrepareDependencies, args: z.output<S>) => Promise<{ prepared: P } | Rejection>,
  apply: (ctx: MutationContext, args: z.output<S>, prepared: P) => Promise<Outcome>,
): MutationHandler {
  return {
    parse(raw) {
      const result = schema.safeParse(raw);
      if (!result.success) return { ok: false, message: describeIssues(underArgs(result.error)) };
      const args = result.data;
      let prepared: { prepared: P } | null = null;
      return {
        ok: true,
        mutation: {
          async prepare(deps) {
            const outcome = await prepare(deps, args);
            if ('status' in outcome) return outcome;
            prepared = outcome;
            return null;
          },
          apply(ctx) {
            if (prepared === null) throw new Error('a mutation was applied before it was prepared');
            return apply(ctx, args, prepared.prepared);
          },
        },
      };
    },
  };
}

/** A mutation that does all its work in its transaction. */
export function defineMutation<S extends ArgsSchema>(schema: S, apply: (ctx: MutationContext, args: z.output<S>) => Promise<Outcome>): MutationHandler {
  return definePreparedMutation(schema, () => Promise.resolve({ prepared: null }), (ctx, args) => apply(ctx, args));
}

/** The issues with paths from the envelope's `args`, so that a message names `args.article.subject`. */
function underArgs(error: z.ZodError): z.ZodError {
  return new z.ZodError(error.issues.map((issue) => ({ ...issue, path: ['args', ...issue.path] })));
}
