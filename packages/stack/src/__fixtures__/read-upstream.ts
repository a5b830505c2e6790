// Runs readUpstream under mocks in a plain Node process, where a failed Output surfaces the way it does in
// a real Pulumi run (jest's sandbox hides process-level rejections from the code under test).
//   node -r @swc-node/register read-upstream.ts <undeployed | missing | wrong-kind> [preview]
// `preview` runs it as `pulumi preview` does (setMocks' dryRun flag); prints what the program read as JSON.
import * as pulumi from '@pulumi/pulumi';
import { RecordingMocks, runStack } from '@payments/mocks';
import { upstreamFixtures } from '@payments/contracts';
import { readUpstream } from '../read-upstream';

const NETWORK = 'organization/payments-network/dev';

/** Whether an Output's value is known, and the value when it is (Output internals, as the engine sees them). */
async function describe(output: pulumi.Output<unknown>): Promise<unknown> {
  const internal = output as unknown as { isKnown: Promise<boolean>; promise(): Promise<unknown> };
  return (await internal.isKnown) ? await internal.promise() : '<unknown>';
}

async function main(): Promise<void> {
  const outputs = upstreamFixtures('database', 'dev', 'organization');
  const [mode, phase] = process.argv.slice(2);
  if (mode === 'undeployed') delete outputs[NETWORK];
  if (mode === 'missing') delete outputs[NETWORK]!.isolatedSubnetIds;
  if (mode === 'wrong-kind') outputs[NETWORK]!.vpcId = 42;

  if (phase === 'preview') {
    const mocks = new RecordingMocks({ stack: 'dev', stackOutputs: outputs });
    await pulumi.runtime.setMocks(mocks, 'payments-database', 'dev', /* preview */ true);
    const network = readUpstream('database', 'network', { env: 'dev', org: 'organization' });
    const read = { vpcId: await describe(network.vpcId), subnets: await describe(network.isolatedSubnetIds) };
    process.stdout.write(JSON.stringify(read));
    return;
  }
  const run = await runStack({
    project: 'payments-database',
    stack: 'dev',
    stackOutputs: outputs,
    program: () => {
      const network = readUpstream('database', 'network', { env: 'dev', org: 'organization' });
      return { vpcId: network.vpcId, subnets: network.isolatedSubnetIds };
    },
  });
  process.stdout.write(JSON.stringify(run.outputs));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
