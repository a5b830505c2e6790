// Runs readUpstream under mocks in a plain Node process, where a failed Output surfaces the way it does in
// a real Pulumi run (jest's sandbox hides process-level rejections from the code under test).
import { runStack } from '@payments/testing';
import { upstreamFixtures } from '../fixtures';
import { readUpstream } from '../references';

async function main(): Promise<void> {
  const outputs = upstreamFixtures('database', 'dev', 'organization');
  const mode = process.argv[2];
  if (mode === 'undeployed') delete outputs['organization/payments-network/dev'];
  if (mode === 'missing') delete outputs['organization/payments-network/dev']!.isolatedSubnetIds;
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
