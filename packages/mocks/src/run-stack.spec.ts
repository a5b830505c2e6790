import { AWS } from '@payments/aws-types';
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { MOCK_ACCOUNTS, mockAccountId } from './fixtures';
import { leavesOf, runStack, stringsIn } from './run-stack';

class Pair extends pulumi.ComponentResource {
  readonly roleArn: pulumi.Output<string>;
  constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
    super('test:index:Pair', name, {}, opts);
    const role = new aws.iam.Role(
      `${name}-role`,
      { name: 'r1', assumeRolePolicy: '{}' },
      { parent: this, protect: true, ignoreChanges: ['tags'], deleteBeforeReplace: true },
    );
    new aws.iam.RolePolicy(
      `${name}-policy`,
      { role: role.name, policy: pulumi.secret('{"Statement":[]}') },
      { parent: this },
    );
    this.roleArn = role.arn;
    this.registerOutputs({ roleArn: this.roleArn });
  }
}

describe('runStack', () => {
  it('records each resource with its parent, dependencies, secret inputs and computed attributes', async () => {
    const run = await runStack({
      project: 'payments-test',
      stack: 'dev',
      program: () => {
        const pair = new Pair('pair');
        return { roleArn: pair.roleArn, secretValue: pulumi.secret('s') };
      },
    });

    const component = run.resources.find((r) => r.type === 'test:index:Pair');
    const role = run.resources.find((r) => r.type === AWS.iamRole);
    const policy = run.resources.find((r) => r.type === AWS.iamRolePolicy);
    expect(component?.urn).toBe('urn:pulumi:dev::payments-test::test:index:Pair::pair');
    expect(role?.parent).toBe(component?.urn);
    expect(policy?.dependsOn).toContain(role?.urn);
    expect(role?.protect).toBe(true);
    expect(policy?.protect).toBe(false);
    expect(role).toMatchObject({ ignoreChanges: ['tags'], deleteBeforeReplace: true });
    expect(policy).toMatchObject({ ignoreChanges: [], deleteBeforeReplace: false });
    expect(policy?.secretPaths).toEqual(['policy']);
    expect(policy?.inputs.policy).toBe('{"Statement":[]}');
    expect(run.outputs.roleArn).toBe(`arn:aws:iam::${MOCK_ACCOUNTS.dev}:role/r1`);
    expect(run.secretOutputs).toEqual(['secretValue']);
  });

  it("records a resource's aliases, so a test can see that a renamed or retyped resource moves in place", async () => {
    const run = await runStack({
      project: 'payments-test',
      stack: 'dev',
      program: () => {
        new Pair('pair', { aliases: [{ type: 'test:index:OldPair' }, { name: 'old-pair' }] });
        new Pair('plain');
        return {};
      },
    });
    const aliases = (name: string) => run.resources.find((r) => r.name === name)?.aliases;
    expect(aliases('pair')).toEqual([{ type: 'test:index:OldPair' }, { name: 'old-pair' }]);
    expect(aliases('plain')).toEqual([]);
  });

  it('looks resources up by type and name for the specs, failing loudly on a miss', async () => {
    const run = await runStack({
      project: 'payments-test',
      stack: 'dev',
      program: () => {
        new Pair('a');
        new Pair('b');
        return {};
      },
    });
    expect(run.ofType('aws:iam/role:Role').map((r) => r.name)).toEqual(['a-role', 'b-role']);
    expect(run.named('aws:iam/role:Role', 'b-role').inputs.name).toBe('r1');
    expect(() => run.named('aws:iam/role:Role', 'c-role')).toThrow(
      "No aws:iam/role:Role named 'c-role' (found: a-role, b-role).",
    );
    expect(() => run.only('aws:iam/role:Role')).toThrow('Expected one aws:iam/role:Role, found 2.');
    // Registration order interleaves the components' children: compare as a set.
    expect(
      run
        .awsResources()
        .map((r) => r.name)
        .sort(),
    ).toEqual(['a-policy', 'a-role', 'b-policy', 'b-role']);
    expect(run.json(run.named('aws:iam/rolePolicy:RolePolicy', 'a-policy'))).toEqual({ Statement: [] });
    expect(() => run.json(run.named('aws:iam/role:Role', 'a-role'), 'missing')).toThrow(
      "aws:iam/role:Role 'a-role' has no JSON input 'missing'.",
    );
  });

  it('lists the strings and the leaves of a value, depth first', () => {
    const value = { a: 'x', b: [{ c: 'y' }, 3], d: { e: null } };
    expect(stringsIn(value)).toEqual(['x', 'y']);
    expect(leavesOf(value)).toEqual([
      ['a', 'x'],
      ['b[0].c', 'y'],
      ['b[1]', 3],
      ['d.e', null],
    ]);
  });

  it('describes assets and archives as plain data instead of unresolved promises', async () => {
    const run = await runStack({
      project: 'payments-test',
      stack: 'dev',
      program: () => {
        new aws.lambda.Function('fn', {
          role: 'arn:aws:iam::123456789012:role/r',
          runtime: 'nodejs22.x',
          handler: 'index.handler',
          code: new pulumi.asset.AssetArchive({
            'index.js': new pulumi.asset.StringAsset('exports.handler = 1'),
          }),
        });
        new aws.lambda.Function('fn2', {
          role: 'arn:aws:iam::123456789012:role/r',
          code: new pulumi.asset.FileArchive('/opt/bundle'),
        });
        return {};
      },
    });
    expect(run.resources.find((r) => r.name === 'fn')?.inputs.code).toEqual({
      kind: 'AssetArchive',
      assets: { 'index.js': { kind: 'StringAsset', text: 'exports.handler = 1' } },
    });
    expect(run.resources.find((r) => r.name === 'fn2')?.inputs.code).toEqual({
      kind: 'FileArchive',
      path: '/opt/bundle',
    });
  });

  it('answers known provider functions from the fixture table', async () => {
    const run = await runStack({
      project: 'payments-test',
      stack: 'staging',
      program: async () => ({ zones: (await aws.getAvailabilityZones({ state: 'available' })).names }),
    });
    expect(run.outputs.zones).toEqual(['us-east-1a', 'us-east-1b', 'us-east-1c']);
    expect(run.mocks.calls.map((c) => c.token)).toEqual([
      'aws:index/getAvailabilityZones:getAvailabilityZones',
    ]);
  });

  it('fails loudly on a provider function without a fixture', async () => {
    await expect(
      runStack({
        project: 'payments-test',
        stack: 'dev',
        program: async () => ({ ami: (await aws.ec2.getAmi({ owners: ['amazon'], mostRecent: true })).id }),
      }),
    ).rejects.toThrow(/Unexpected provider function call 'aws:ec2\/getAmi:getAmi'.*CALL_FIXTURES/);
  });

  it('serves StackReference outputs from the producers and records which stacks were read', async () => {
    const run = await runStack({
      project: 'payments-test',
      stack: 'dev',
      stackOutputs: { 'organization/payments-network/dev': { vpcId: 'vpc-1' } },
      program: () => ({
        vpcId: new pulumi.StackReference('organization/payments-network/dev').requireOutput('vpcId'),
        storage: new pulumi.StackReference('organization/payments-storage/dev').outputs,
      }),
    });
    expect(run.outputs).toEqual({ vpcId: 'vpc-1', storage: {} });
    expect(run.mocks.stackReads).toEqual([
      {
        stack: 'organization/payments-network/dev',
        name: 'organization/payments-network/dev',
        deployed: true,
      },
      {
        stack: 'organization/payments-storage/dev',
        name: 'organization/payments-storage/dev',
        deployed: false,
      },
    ]);
  });

  it('passes stack configuration to the program', async () => {
    const run = await runStack({
      project: 'payments-test',
      stack: 'prod',
      config: { 'payments:overrides': '{"a":1}' },
      program: () => ({
        stack: pulumi.getStack(),
        overrides: new pulumi.Config('payments').requireObject('overrides'),
      }),
    });
    expect(run.outputs).toEqual({ stack: 'prod', overrides: { a: 1 } });
  });

  it("gives each environment its own account and IDs, so no plan can reference another environment's", async () => {
    const program = () => {
      const vpc = new aws.ec2.Vpc('network', { cidrBlock: '10.0.0.0/16' });
      const key = new aws.kms.Key('key', {});
      const api = new aws.apigateway.RestApi('api', { name: 'payments-api' });
      const identity = aws.getCallerIdentityOutput();
      return { vpcId: vpc.id, keyArn: key.arn, apiId: api.id, account: identity.accountId };
    };
    const outputs: Record<string, string>[] = [];
    // One after the other: the Pulumi runtime is process-global.
    for (const stack of ['dev', 'staging', 'prod']) {
      const run = await runStack({ project: 'payments-test', stack, program });
      outputs.push(run.outputs as Record<string, string>);
    }
    expect(outputs.map((o) => o.account)).toEqual([
      MOCK_ACCOUNTS.dev,
      MOCK_ACCOUNTS.staging,
      MOCK_ACCOUNTS.prod,
    ]);
    for (const key of ['vpcId', 'keyArn', 'apiId'] as const) {
      expect(new Set(outputs.map((o) => o[key])).size).toBe(3);
    }
    const [dev] = outputs;
    expect(dev?.vpcId).toMatch(/^vpc-[0-9a-f]{17}$/);
    expect(dev?.keyArn).toMatch(
      new RegExp(
        `^arn:aws:kms:us-east-1:${MOCK_ACCOUNTS.dev}:key/[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$`,
      ),
    );
    expect(dev?.apiId).toMatch(/^[0-9a-z]{10}$/);
  });

  it('refuses a stack that is not an environment: it would have no account', () => {
    expect(mockAccountId('organization/payments-network/prod')).toBe(MOCK_ACCOUNTS.prod);
    expect(() => mockAccountId('qa')).toThrow("Stack 'qa' is not an environment");
  });
});
