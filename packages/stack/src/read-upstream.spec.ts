import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { upstreamFixtures } from '@payments/contracts';
import { runStack } from '@payments/mocks';
import { readUpstream } from './read-upstream';

const NETWORK_DEV = 'organization/payments-network/dev';

describe('readUpstream', () => {
  const program = () => {
    const network = readUpstream('database', 'network', { env: 'dev', org: 'organization' });
    return { vpcId: network.vpcId, subnets: network.isolatedSubnetIds };
  };

  it('reads each declared output of the upstream stack of the same environment', async () => {
    const run = await runStack({
      project: 'payments-database',
      stack: 'dev',
      stackOutputs: upstreamFixtures('database', 'dev', 'organization'),
      program,
    });
    expect(run.outputs).toEqual({
      vpcId: 'network-dev-vpcId',
      subnets: [
        'network-dev-isolatedSubnetIds-0',
        'network-dev-isolatedSubnetIds-1',
        'network-dev-isolatedSubnetIds-2',
      ],
    });
    expect(run.mocks.stackReads.map((r) => r.stack)).toEqual([NETWORK_DEV]);
  });

  it('keeps a secret upstream output secret', async () => {
    const outputs = upstreamFixtures('database', 'dev', 'organization');
    const run = await runStack({
      project: 'payments-database',
      stack: 'dev',
      stackOutputs: outputs,
      program: () => {
        const network = readUpstream('database', 'network', { env: 'dev', org: 'organization' });
        return { vpcId: pulumi.secret(network.vpcId), cidr: network.vpcCidr };
      },
    });
    expect(run.secretOutputs).toEqual(['vpcId']);
  });

  // Failure paths run in a plain Node process: see __fixtures__/read-upstream.ts.
  const runFixture = (...args: string[]) =>
    spawnSync(
      process.execPath,
      ['-r', '@swc-node/register', join(__dirname, '__fixtures__/read-upstream.ts'), ...args],
      {
        encoding: 'utf8',
      },
    );

  it('fails on an undeployed upstream with the command that deploys it', () => {
    const result = runFixture('undeployed');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'payments-database reads stack organization/payments-network/dev, which has no outputs: it is not deployed. ' +
        'Deploy it first: npx nx run network:up --env=dev',
    );
  });

  it('fails on a producer that no longer exports a declared output, naming stack and output', () => {
    const result = runFixture('missing');
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(
      "payments-database reads stack organization/payments-network/dev, whose exports break its contract: missing output 'isolatedSubnetIds' (string[]). Deploy the current network stack: npx nx run network:up --env=dev",
    );
  });

  describe('in a preview (dry run)', () => {
    it('warns about a declared output the upstream has not deployed yet, and leaves its value unknown', () => {
      const result = runFixture('missing', 'preview');
      expect({ status: result.status, stderr: result.stderr }).toEqual({
        status: 0,
        stderr: expect.stringContaining(
          "payments-database reads 'isolatedSubnetIds' from stack organization/payments-network/dev, which does " +
            'not export it yet: unknown in this preview; npx nx run network:up --env=dev deploys it before this stack.',
        ),
      });
      // The outputs it does export keep their deployed values.
      expect(JSON.parse(result.stdout)).toEqual({ vpcId: 'network-dev-vpcId', subnets: '<unknown>' });
    });

    it('reads a complete upstream without a warning', () => {
      const result = runFixture('complete', 'preview');
      expect(result.status).toBe(0);
      expect(result.stderr).not.toContain('does not export');
      expect(JSON.parse(result.stdout)).toEqual({
        vpcId: 'network-dev-vpcId',
        subnets: [
          'network-dev-isolatedSubnetIds-0',
          'network-dev-isolatedSubnetIds-1',
          'network-dev-isolatedSubnetIds-2',
        ],
      });
    });

    it('still fails on an undeployed upstream and on an output of the wrong kind', () => {
      const undeployed = runFixture('undeployed', 'preview');
      expect(undeployed.status).toBe(1);
      expect(undeployed.stderr).toContain('which has no outputs: it is not deployed');
      const wrongKind = runFixture('wrong-kind', 'preview');
      expect(wrongKind.status).toBe(1);
      expect(wrongKind.stderr).toContain("output 'vpcId' should be string, got 42");
    });
  });
});
