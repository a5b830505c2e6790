import { spawnSync } from 'node:child_process';
import { DOMAINS } from '@payments/config';
import {
  CONTRACTS,
  contractViolations,
  deployOrder,
  downstreamsOf,
  upstreamsInOrder,
  upstreamsOf,
} from './contracts';
import { upstreamFixtures } from './fixtures';
import { contractErrorMessage } from './references';

const NETWORK_DEV = 'organization/payments-network/dev';

describe('stack contracts', () => {
  it('declare the deploy graph of the design: network -> database -> api, storage -> api, identity -> api', () => {
    expect(upstreamsOf('network')).toEqual([]);
    expect(upstreamsOf('storage')).toEqual([]);
    expect(upstreamsOf('identity')).toEqual([]);
    expect(upstreamsOf('database')).toEqual(['network']);
    expect([...upstreamsOf('api')].sort()).toEqual(['database', 'identity', 'network', 'storage']);
    expect(downstreamsOf('network').sort()).toEqual(['api', 'database']);
    expect(downstreamsOf('identity')).toEqual(['api']);
    expect(downstreamsOf('api')).toEqual([]);
    expect(deployOrder()).toEqual(['network', 'storage', 'identity', 'database', 'api']);
    expect(upstreamsInOrder('api')).toEqual(['network', 'database', 'storage', 'identity']);
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

describe('contractErrorMessage', () => {
  const deployed = () => upstreamFixtures('database', 'dev', 'organization')[NETWORK_DEV]!;

  it('names the command that deploys an upstream with no outputs', () => {
    expect(contractErrorMessage('database', 'network', NETWORK_DEV, 'dev', {})).toBe(
      `payments-database reads stack ${NETWORK_DEV}, which has no outputs: it is not deployed. ` +
        'Deploy it first: npx nx run network:up --env=dev',
    );
  });

  it('accepts complete exports and, in a preview only, a declared output not deployed yet', () => {
    const { isolatedSubnetIds: _dropped, ...outdated } = deployed();
    expect(contractErrorMessage('database', 'network', NETWORK_DEV, 'dev', deployed())).toBeUndefined();
    expect(contractErrorMessage('database', 'network', NETWORK_DEV, 'dev', outdated, true)).toBeUndefined();
    expect(contractErrorMessage('database', 'network', NETWORK_DEV, 'dev', outdated)).toContain(
      "whose exports break its contract: missing output 'isolatedSubnetIds' (string[])",
    );
    expect(
      contractErrorMessage('database', 'network', NETWORK_DEV, 'dev', { ...deployed(), vpcId: 42 }, true),
    ).toContain("output 'vpcId' should be string, got 42");
  });
});

describe('the package entry', () => {
  it('loads no Pulumi runtime and no provider: tools import it offline', () => {
    const loaded = spawnSync(
      process.execPath,
      [
        '-r',
        '@swc-node/register',
        '-e',
        "require('@payments/contracts'); process.stdout.write(JSON.stringify(Object.keys(require.cache)));",
      ],
      { encoding: 'utf8', cwd: __dirname },
    );
    expect(loaded.stderr).toBe('');
    const modules = JSON.parse(loaded.stdout) as string[];
    expect(modules.some((file) => file.includes('/packages/contracts/src/'))).toBe(true);
    expect(modules.filter((file) => /[\\/]node_modules[\\/]@pulumi[\\/]/.test(file))).toEqual([]);
  });
});
