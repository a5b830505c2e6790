import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { loadSettings, DOMAINS } from '@payments/config';
import { runStack } from '@payments/mocks';
import {
  CONTRACTS,
  contractViolations,
  deployOrder,
  downstreamsOf,
  upstreamsInOrder,
  upstreamsOf,
} from './contracts';
import { createStackContext } from './context';
import { upstreamFixtures } from './fixtures';
import { readUpstream } from './references';

const NETWORK_DEV = 'organization/payments-network/dev';

describe('stack contracts', () => {
  it('declare the deploy graph of the design: network -> database -> api, storage -> api', () => {
    expect(upstreamsOf('network')).toEqual([]);
    expect(upstreamsOf('storage')).toEqual([]);
    expect(upstreamsOf('database')).toEqual(['network']);
    expect([...upstreamsOf('api')].sort()).toEqual(['database', 'network', 'storage']);
    expect(downstreamsOf('network').sort()).toEqual(['api', 'database']);
    expect(downstreamsOf('api')).toEqual([]);
    expect(deployOrder()).toEqual(['network', 'storage', 'database', 'api']);
    expect(upstreamsInOrder('api')).toEqual(['network', 'database', 'storage']);
    expect(upstreamsInOrder('database')).toEqual(['network']);
    expect(upstreamsInOrder('network')).toEqual([]);
  });

  it('export only IDs, ARNs, endpoints and names: scalar kinds with a description', () => {
    for (const domain of DOMAINS) {
      for (const [name, spec] of Object.entries(CONTRACTS[domain].outputs)) {
        expect(['string', 'string[]', 'number', 'boolean']).toContain(spec.kind);
        expect(spec.description.length).toBeGreaterThan(10);
        expect(name).not.toMatch(/password/i);
      }
    }
  });

  it('report missing outputs and outputs of the wrong kind', () => {
    const outputs = upstreamFixtures('database', 'dev', 'organization')[NETWORK_DEV]!;
    expect(contractViolations('network', outputs)).toEqual([]);
    const { vpcId: _dropped, ...withoutVpc } = outputs;
    expect(contractViolations('network', { ...withoutVpc, natGatewayIds: 'nat-1' })).toEqual([
      "missing output 'vpcId' (string)",
      `output 'natGatewayIds' should be string[], got "nat-1"`,
    ]);
  });
});

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

describe('createStackContext', () => {
  it('gives the stack one AWS provider pinned to the region with the standard tags as default tags', async () => {
    const run = await runStack({
      project: 'payments-storage',
      stack: 'staging',
      program: () => {
        createStackContext('storage', loadSettings('staging'));
        return {};
      },
    });
    const provider = run.mocks.find('pulumi:providers:aws', 'aws');
    expect(provider.inputs.region).toBe('us-east-1');
    expect(JSON.parse(String(provider.inputs.defaultTags))).toEqual({
      tags: expect.objectContaining({ Environment: 'staging', Domain: 'storage', ManagedBy: 'pulumi' }),
    });
    expect(provider.inputs).not.toHaveProperty('allowedAccountIds');
  });

  it("passes the stack file's account guard to the provider, which reads no aws: config by itself", async () => {
    const run = await runStack({
      project: 'payments-storage',
      stack: 'prod',
      config: { 'aws:allowedAccountIds': '["123456789012"]' },
      program: () => {
        createStackContext('storage', loadSettings('prod'));
        return {};
      },
    });
    const provider = run.mocks.find('pulumi:providers:aws', 'aws');
    expect(JSON.parse(String(provider.inputs.allowedAccountIds))).toEqual(['123456789012']);
  });
});
