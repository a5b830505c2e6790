import { loadSettings } from '@payments/config';
import { MOCK_ACCOUNTS, runStack } from '@payments/mocks';
import { createStackContext } from './context';

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

  it('looks up the account and the partition once, with the stack provider, for every component to share', async () => {
    const run = await runStack({
      project: 'payments-network',
      stack: 'prod',
      program: () => {
        const { account } = createStackContext('network', loadSettings('prod'));
        return { ...account };
      },
    });
    expect(run.outputs).toEqual({
      accountId: MOCK_ACCOUNTS.prod,
      region: 'us-east-1',
      partition: 'aws',
      dnsSuffix: 'amazonaws.com',
      reverseDnsPrefix: 'com.amazonaws',
    });
    expect(run.mocks.calls.map((call) => call.token).sort()).toEqual([
      'aws:index/getCallerIdentity:getCallerIdentity',
      'aws:index/getPartition:getPartition',
    ]);
  });
});
