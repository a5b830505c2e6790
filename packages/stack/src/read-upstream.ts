import * as pulumi from '@pulumi/pulumi';
import type { Domain } from '@payments/config';
import {
  CONTRACTS,
  ContractError,
  contractErrorMessage,
  undeployedOutputs,
  type ReadUpstreamArgs,
  type UpstreamOf,
  type UpstreamOutputs,
} from '@payments/contracts';
import { pulumiProjectName, stackPath } from '@payments/naming';

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
): UpstreamOutputs<U> {
  const stack = stackPath({ org: args.org, domain: upstream, env: args.env });
  const ref = new pulumi.StackReference(stack, { name: stack });
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
