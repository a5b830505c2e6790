import * as pulumi from '@pulumi/pulumi';
import { ConfigError } from '@payments/config';
import { awsAccountGuardsFromPulumiConfig, settingsFromPulumiConfig } from './pulumi-config';

// Reading settings creates no resources and calls no provider functions; anything reaching these is a bug.
const mocks: pulumi.runtime.Mocks = {
  newResource: (args) => {
    throw new Error(`unexpected resource ${args.type}`);
  },
  call: (args) => {
    throw new Error(`unexpected call ${args.token}`);
  },
};

/** Runs as `pulumi up` would for `stack`, with `config` as the stack's Pulumi.<env>.yaml values. */
async function onStack(stack: string, config: Record<string, string> = {}): Promise<void> {
  await pulumi.runtime.setMocks(mocks, 'payments-database', stack);
  pulumi.runtime.setAllConfig(config);
}

describe('settingsFromPulumiConfig', () => {
  it('takes the environment from the stack and applies payments:overrides', async () => {
    await onStack('staging', {
      'payments:overrides': JSON.stringify({
        database: { readers: 2 },
        alarms: { subscriptions: [{ protocol: 'email', endpoint: 'oncall@yourcompany.com' }] },
      }),
    });
    const settings = settingsFromPulumiConfig();
    expect(settings.env).toBe('staging');
    expect(settings.database.readers).toBe(2);
    expect(settings.database.backupRetentionDays).toBe(7);
    expect(settings.alarms.subscriptions).toEqual([
      { protocol: 'email', endpoint: 'oncall@yourcompany.com' },
    ]);
  });

  it('uses the code defaults when the stack sets no overrides', async () => {
    await onStack('dev');
    expect(settingsFromPulumiConfig().network.vpcCidr).toBe('10.10.0.0/16');
  });

  it('reduces a fully qualified org/project/env stack to its environment', async () => {
    await onStack('organization/payments-database/prod');
    expect(settingsFromPulumiConfig().env).toBe('prod');
  });

  it('rejects a stack that is not an environment', async () => {
    await onStack('qa');
    expect(() => settingsFromPulumiConfig()).toThrow(ConfigError);
    expect(() => settingsFromPulumiConfig()).toThrow("got 'qa', expected one of dev, staging, prod");
  });

  it('names the stack file when an override is invalid', async () => {
    await onStack('prod', {
      'payments:overrides': JSON.stringify({ database: { deletionProtection: false } }),
    });
    expect(() => settingsFromPulumiConfig()).toThrow(
      /database\.deletionProtection: a prod invariant[\s\S]*Pulumi\.prod\.yaml under payments:overrides/,
    );
  });

  it("adds the checks of the program's own stack: prod network needs an alarm subscription", async () => {
    await onStack('prod');
    expect(() => settingsFromPulumiConfig()).not.toThrow();
    expect(() => settingsFromPulumiConfig('database')).not.toThrow();
    expect(() => settingsFromPulumiConfig('network')).toThrow(
      /alarms\.subscriptions: prod alarms must reach someone[\s\S]*Pulumi\.prod\.yaml under payments:overrides/,
    );
  });

  it('reports overrides that are not JSON as a ConfigError', async () => {
    await onStack('dev', { 'payments:overrides': '{database' });
    expect(() => settingsFromPulumiConfig()).toThrow(ConfigError);
  });
});

describe('awsAccountGuardsFromPulumiConfig', () => {
  it("passes on the stack file's account guards, and nothing when it sets none", async () => {
    await onStack('prod', { 'aws:allowedAccountIds': '["123456789012"]' });
    expect(awsAccountGuardsFromPulumiConfig()).toEqual({ allowedAccountIds: ['123456789012'] });
    await onStack('prod', { 'aws:forbiddenAccountIds': '["210987654321"]' });
    expect(awsAccountGuardsFromPulumiConfig()).toEqual({ forbiddenAccountIds: ['210987654321'] });
    await onStack('dev');
    expect(awsAccountGuardsFromPulumiConfig()).toEqual({});
  });
});
