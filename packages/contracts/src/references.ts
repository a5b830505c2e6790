import type * as pulumi from '@pulumi/pulumi';
import type { Domain, Environment } from '@payments/config';
import { pulumiProjectName } from '@payments/naming';
import { CONTRACTS, contractViolations, type OutputValues } from './contracts';

/** What a producer's program exports: exactly the declared outputs, as Pulumi inputs. */
export type StackExports<D extends Domain> = {
  [K in keyof OutputValues<D>]: pulumi.Input<OutputValues<D>[K]>;
};

/** What a consumer gets from an upstream stack: each declared output as a Pulumi output. */
export type UpstreamOutputs<U extends Domain> = {
  [K in keyof OutputValues<U>]: pulumi.Output<OutputValues<U>[K]>;
};

export interface ReadUpstreamArgs {
  env: Environment;
  /** Backend organization; `organization` on the self-managed backend. */
  org: string;
}

export class ContractError extends Error {
  override name = 'ContractError';
}

/** Declared outputs the deployed upstream does not export (yet). */
export function undeployedOutputs(upstream: Domain, outputs: Record<string, unknown>): string[] {
  return Object.keys(CONTRACTS[upstream].outputs).filter(
    (name) => !(name in outputs) || outputs[name] === undefined,
  );
}

/**
 * The one-line error for a producer whose exports break the contract its consumer relies on. In a preview
 * (`dryRun`), an output that is declared but not deployed yet is no error: the producer's own preview of the
 * same change adds it, and it is deployed before this stack (see `readUpstream` in @payments/stack).
 */
export function contractErrorMessage(
  consumer: Domain,
  upstream: Domain,
  stack: string,
  env: Environment,
  outputs: Record<string, unknown>,
  dryRun = false,
): string | undefined {
  const fix = `npx nx run ${upstream}:up --env=${env}`;
  if (Object.keys(outputs).length === 0) {
    return `${pulumiProjectName(consumer)} reads stack ${stack}, which has no outputs: it is not deployed. Deploy it first: ${fix}`;
  }
  const notYet = dryRun ? undeployedOutputs(upstream, outputs) : [];
  const problems = contractViolations(upstream, outputs).filter(
    (problem) => !notYet.some((name) => problem.startsWith(`missing output '${name}' `)),
  );
  if (problems.length === 0) return undefined;
  return `${pulumiProjectName(consumer)} reads stack ${stack}, whose exports break its contract: ${problems.join('; ')}. Deploy the current ${upstream} stack: ${fix}`;
}
