import * as pulumi from '@pulumi/pulumi';
import type { Domain, Environment } from '@payments/config';
import { pulumiProjectName, stackPath } from '@payments/naming';
import { CONTRACTS, contractViolations, type OutputValues, type UpstreamOf } from './contracts';

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
function undeployedOutputs(upstream: Domain, outputs: Record<string, unknown>): string[] {
  return Object.keys(CONTRACTS[upstream].outputs).filter(
    (name) => !(name in outputs) || outputs[name] === undefined,
  );
}

/**
 * The one-line error for a producer whose exports break the contract its consumer relies on. In a preview
 * (`dryRun`), an output that is declared but not deployed yet is no error: the producer's own preview of the
 * same change adds it, and it is deployed before this stack (see {@link readUpstream}).
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

/**
 * Reads a declared upstream's outputs through one StackReference. Each value comes from `requireOutput`;
 * before any is used, the producer's whole export set is checked against its contract, so an undeployed or
 * outdated producer fails with one error naming the stack and the command that fixes it.
 *
 * In a preview (`pulumi.runtime.isDryRun()`) the StackReference sees what the producer has deployed, not what
 * its own preview of the same change would export: a pull request that adds an output to a producer's contract
 * would fail every downstream preview. So there, an output that is declared but not deployed yet is a warning,
 * and its value is unknown (what a preview shows for a value only `up` will know). `up` keeps the strict check:
 * by then the producer, deployed first, exports it.
 */
export function readUpstream<D extends Domain, U extends UpstreamOf<D> & Domain>(
  consumer: D,
  upstream: U,
  args: ReadUpstreamArgs,
  opts?: pulumi.CustomResourceOptions,
): UpstreamOutputs<U> {
  const stack = stackPath({ org: args.org, domain: upstream, env: args.env });
  const ref = new pulumi.StackReference(stack, { name: stack }, opts);
  const dryRun = pulumi.runtime.isDryRun();
  // Built on first use: an unread output that fails the check would otherwise surface as one more
  // unhandled rejection, repeating the same error once per declared output.
  let checked: pulumi.Output<string[]> | undefined;
  const check = () =>
    (checked ??= pulumi.unsecret(
      // `outputs` is secret as soon as one output is; the check itself carries nothing secret.
      ref.outputs.apply((outputs) => {
        const deployed = outputs ?? {};
        const message = contractErrorMessage(consumer, upstream, stack, args.env, deployed, dryRun);
        if (message) throw new ContractError(message);
        const notYet = dryRun ? undeployedOutputs(upstream, deployed) : [];
        if (notYet.length > 0) {
          void pulumi.log.warn(
            `${pulumiProjectName(consumer)} reads ${notYet.map((n) => `'${n}'`).join(', ')} from stack ${stack}, ` +
              `which does not export ${notYet.length === 1 ? 'it' : 'them'} yet: unknown in this preview; ` +
              `npx nx run ${upstream}:up --env=${args.env} deploys ${notYet.length === 1 ? 'it' : 'them'} before this stack.`,
            ref,
          );
        }
        return notYet;
      }),
    ));
  const read: Record<string, pulumi.Output<unknown>> = {};
  for (const name of Object.keys(CONTRACTS[upstream].outputs)) {
    let value: pulumi.Output<unknown> | undefined;
    Object.defineProperty(read, name, {
      enumerable: true,
      get: () =>
        (value ??= check().apply((notYet) =>
          notYet.includes(name) ? pulumi.output(pulumi.unknown) : ref.requireOutput(name),
        )),
    });
  }
  return read as UpstreamOutputs<U>;
}
