import type { Environment } from '@payments/config';
import { NxPulumiError } from './errors';

/**
 * The options every Pulumi target takes; each executor's `schema.json` declares exactly these properties
 * (plus its own, in its `schema.d.ts`), and `executors/schemas.spec.ts` keeps the two in step.
 */
export interface PulumiTargetOptions {
  /**
   * The stack, one of ENVIRONMENTS. Required, but not `required` in the schemas: Nx's own message for a missing
   * property does not say what is allowed, so the executor's `parseEnvironment` reports it instead.
   */
  env?: Environment;
}

/** The commands of infra/bootstrap only (lib/bootstrap.ts), each an inferred target of the same name there. */
export const BOOTSTRAP_COMMANDS = [
  'bootstrap-preview',
  'bootstrap-up',
  'migrate-state',
  'github-variables',
] as const;

/** The Pulumi CLI commands the `pulumi` executor runs, one per inferred target of the same name. */
export const PULUMI_COMMANDS = [
  'preview',
  'up',
  'refresh',
  'destroy',
  'drift',
  'init',
  'history',
  ...BOOTSTRAP_COMMANDS,
] as const;
export type PulumiCommand = (typeof PULUMI_COMMANDS)[number];

/** An executor's options with their JSON types, as its schema.json declares them. */
export type OptionTypes = Readonly<Record<string, 'string' | 'boolean'>>;

const flagOf = (option: string) => `--${option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/**
 * Refuses an option the executor does not take, or one of the wrong type, in one line. The schemas of the batched
 * executors (synth, pulumi) are open, with no `env` enum, because Nx's batch process validates options outside its
 * error handling (nx 23.2.1 tasks-runner/batch/run-batch.js `runTasks`): a schema error there kills the batch with
 * `UnhandledPromiseRejection ... "#<SchemaError>"` and no message. So their executors check, and say what is wrong.
 */
export function checkOptions(options: object, known: OptionTypes, what: string, hidden: string[] = []): void {
  for (const [option, value] of Object.entries(options)) {
    // Nx's own bookkeeping (`__overrides_unparsed__`), not a user's option.
    if (option.startsWith('__')) continue;
    const type = known[option];
    if (type === undefined) {
      const flags = Object.keys(known).filter((o) => !hidden.includes(o));
      throw new NxPulumiError(
        `${option === '_' ? `Unexpected argument '${String(value)}'` : `Unknown option ${flagOf(option)}`} for ${what}: the options are ${flags.map(flagOf).join(', ')}.`,
      );
    }
    if (typeof value !== type) {
      throw new NxPulumiError(`${flagOf(option)} takes a ${type}, got ${JSON.stringify(value)}.`);
    }
  }
}
