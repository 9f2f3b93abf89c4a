import { z } from 'zod';
import type { Directory } from '../../../src-shared/node/directory/types.js';
import { describeIssues } from '../../config/issues.js';
import type { AgentActor, MutationActor } from './actor.js';
import { reject, type MutationContext, type Outcome, type Rejection } from './outcome.js';

/** What a mutation may use before its transaction opens (look-ups that must not hold locks). */
export interface PrepareDependencies<A extends MutationActor = AgentActor> {
  directory: Directory;
  customersBase: string;
  now: Date;
  actor: A;
}

/** A mutation whose arguments are valid, ready to run. */
export interface ValidMutation {
  /** Runs outside the transaction; a rejection ends the mutation there. */
  prepare(deps: PrepareDependencies<MutationActor>): Promise<Rejection | null>;
  /** Runs inside the transaction; whatever it wrote is rolled back unless it answers applied. */
  apply(ctx: MutationContext<MutationActor>): Promise<Outcome>;
}

export type ParsedMutation = { ok: true; mutation: ValidMutation } | { ok: false; message: string };

export interface MutationHandler {
  /** Whether a customer may send it at all; every other mutation is `permission-denied` for them before anything runs. */
  forCustomers: boolean;
  parse(args: unknown): ParsedMutation;
}

/** The answer to a customer who sends a mutation that is for agents only. */
export function agentsOnly(name: string): Rejection {
  return reject('permission-denied', `${name} is not among the mutations customers may send (ticket.create, ticket.addArticle, ticket.setState to close)`);
}

type ArgsSchema = z.ZodType<object>;

/**
 * A mutation with work before its transaction that agents and customers may send: `prepare`
 * decodes or looks things up and hands its result to `apply`; both see who acts.
 */
export function defineCustomerMutation<S extends ArgsSchema, P>(
  schema: S,
  prepare: (deps: PrepareDependencies<MutationActor>, args: z.output<S>) => Promise<{ prepared: P } | Rejection>,
  apply: (ctx: MutationContext<MutationActor>, args: z.output<S>, prepared: P) => Promise<Outcome>,
): MutationHandler {
  return {
    forCustomers: true,
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

/**
 * A mutation with work before its transaction, for agents only: a customer is refused before
 * `prepare` (by the dispatcher, from `forCustomers`) and again here, should one get through.
 */
export function definePreparedMutation<S extends ArgsSchema, P>(
  schema: S,
  prepare: (deps: PrepareDependencies, args: z.output<S>) => Promise<{ prepared: P } | Rejection>,
  apply: (ctx: MutationContext, args: z.output<S>, prepared: P) => Promise<Outcome>,
): MutationHandler {
  const both = defineCustomerMutation(
    schema,
    (deps, args) => {
      const { actor } = deps;
      return actor.kind === 'agent' ? prepare({ ...deps, actor }, args) : Promise.resolve(agentsOnly('this mutation'));
    },
    (ctx, args, prepared: P) => {
      const { actor } = ctx;
      return actor.kind === 'agent' ? apply({ ...ctx, actor }, args, prepared) : Promise.resolve(agentsOnly(ctx.name));
    },
  );
  return { ...both, forCustomers: false };
}

/** A mutation that does all its work in its transaction, for agents only. */
export function defineMutation<S extends ArgsSchema>(schema: S, apply: (ctx: MutationContext, args: z.output<S>) => Promise<Outcome>): MutationHandler {
  return definePreparedMutation(schema, () => Promise.resolve({ prepared: null }), (ctx, args) => apply(ctx, args));
}

/** A mutation that does all its work in its transaction, which customers may send too. */
export function defineCustomerMutationInTransaction<S extends ArgsSchema>(
  schema: S,
  apply: (ctx: MutationContext<MutationActor>, args: z.output<S>) => Promise<Outcome>,
): MutationHandler {
  return defineCustomerMutation(schema, () => Promise.resolve({ prepared: null }), (ctx, args) => apply(ctx, args));
}

/** The issues with paths from the envelope's `args`, so that a message names `args.article.subject`. */
function underArgs(error: z.ZodError): z.ZodError {
  return new z.ZodError(error.issues.map((issue) => ({ ...issue, path: ['args', ...issue.path] })));
}
