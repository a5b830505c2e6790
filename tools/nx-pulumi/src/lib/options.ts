import type { Environment } from '@payments/config';

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
