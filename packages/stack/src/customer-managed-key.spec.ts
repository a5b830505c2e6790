import { loadSettings } from '@payments/config';
import { MOCK_ACCOUNTS, runStack, type StackRun } from '@payments/mocks';
import { createStackContext } from './context';
import { CustomerManagedKey, deletionWindowInDays } from './customer-managed-key';
import type { KeyPolicyDocument } from './key-policy';

const KEY = 'aws:kms/key:Key';
const ALIAS = 'aws:kms/alias:Alias';

/** A key of the prod storage stack, with a bucket name that is an output, as the real one is. */
function run(protect: boolean): Promise<StackRun> {
  return runStack({
    project: 'payments-storage',
    stack: 'prod',
    program: () => {
      const ctx = createStackContext('storage', loadSettings('prod'));
      const key = new CustomerManagedKey(
        'storage',
        {
          keyName: 'payments-prod-storage',
          aliasName: 'alias/payments-prod-storage',
          description: 'A test key.',
          account: ctx.account,
          grants: [
            { service: 'logs', logGroups: ['payments-prod-api-access'] },
            { viaService: 's3', buckets: [ctx.account.accountId.apply((id) => `payments-prod-audit-${id}`)] },
          ],
          protect,
        },
        { provider: ctx.provider, aliases: [{ type: 'payments:storage:EncryptionKey' }] },
      );
      return { arn: key.arn, keyId: key.keyId, aliasName: key.aliasName };
    },
  });
}

describe('CustomerManagedKey', () => {
  it('rotates yearly, waits the longest window before deleting a protected key, and is protected', async () => {
    const stack = await run(true);
    const key = stack.mocks.find(KEY, 'storage-key');
    expect(key.inputs).toMatchObject({
      description: 'A test key.',
      enableKeyRotation: true,
      rotationPeriodInDays: 365,
      deletionWindowInDays: 30,
      tags: { Name: 'payments-prod-storage' },
    });
    expect(stack.resources.find((r) => r.name === 'storage-key')?.protect).toBe(true);
    expect(stack.mocks.find(ALIAS, 'storage-alias').inputs).toEqual({
      name: 'alias/payments-prod-storage',
      targetKeyId: key.id,
    });
    expect(stack.outputs).toEqual({
      arn: `arn:aws:kms:us-east-1:${MOCK_ACCOUNTS.prod}:key/${key.id}`,
      keyId: key.id,
      aliasName: 'alias/payments-prod-storage',
    });
  });

  it('waits the shortest window for a key nobody protects', async () => {
    const stack = await run(false);
    expect(stack.mocks.find(KEY, 'storage-key').inputs.deletionWindowInDays).toBe(7);
    expect(stack.resources.filter((r) => r.protect)).toEqual([]);
    expect([deletionWindowInDays(true), deletionWindowInDays(false)]).toEqual([30, 7]);
  });

  it('writes the policy of its grants with the outputs they hold resolved', async () => {
    const stack = await run(true);
    const policy = JSON.parse(
      String(stack.mocks.find(KEY, 'storage-key').inputs.policy),
    ) as KeyPolicyDocument;
    expect(policy.Statement.map((s) => s.Sid)).toEqual([
      'AccountAdministersKey',
      'CloudWatchLogsEncryptsLogGroups',
      'S3UsesKey',
    ]);
    expect(JSON.stringify(policy)).toContain(`arn:aws:s3:::payments-prod-audit-${MOCK_ACCOUNTS.prod}/*`);
  });

  it("keeps the aliases the stack gives it: a key moved from a stack's own component is not replaced", async () => {
    const stack = await run(true);
    const component = stack.resources.find((r) => r.type === 'payments:kms:CustomerManagedKey');
    expect(component?.aliases).toEqual([{ type: 'payments:storage:EncryptionKey' }]);
    expect(stack.mocks.find(KEY, 'storage-key').provider).toMatch(/::pulumi:providers:aws::aws::/);
  });
});
