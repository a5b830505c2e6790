import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { DOMAINS, ENVIRONMENTS, loadSettings, type Environment } from '@payments/config';
import { AWS } from '@payments/aws-types';
import { environmentTokens } from '@payments/naming';
import { createStackContext, keyPolicyProblems, type KeyPolicyDocument } from '@payments/stack';
import { MOCK_ACCOUNTS, MOCK_REGION, decide, runStack, stringsIn, type StackRun } from '@payments/mocks';
import type { PolicyDocument } from './documents';
import { createBootstrapStack } from './stack';

const REPOSITORY = 'acme/payments-infra';
const OIDC = 'token.actions.githubusercontent.com';

const T = {
  key: AWS.kmsKey,
  alias: AWS.kmsAlias,
  bucket: AWS.s3Bucket,
  versioning: AWS.s3BucketVersioning,
  encryption: AWS.s3BucketServerSideEncryptionConfiguration,
  publicAccessBlock: AWS.s3BucketPublicAccessBlock,
  ownership: AWS.s3BucketOwnershipControls,
  bucketPolicy: AWS.s3BucketPolicy,
  lifecycle: AWS.s3BucketLifecycleConfiguration,
  oidc: AWS.iamOpenIdConnectProvider,
  policy: AWS.iamPolicy,
  role: AWS.iamRole,
  rolePolicy: AWS.iamRolePolicy,
  attachment: AWS.iamRolePolicyAttachment,
  account: AWS.apigatewayAccount,
} as const;

const EXPECTED: Record<Environment, { noncurrentDays: number; previewSubjects: string[] }> = {
  dev: {
    noncurrentDays: 30,
    previewSubjects: [`repo:${REPOSITORY}:environment:dev-preview`, `repo:${REPOSITORY}:pull_request`],
  },
  staging: {
    noncurrentDays: 90,
    previewSubjects: [`repo:${REPOSITORY}:environment:staging-preview`, `repo:${REPOSITORY}:pull_request`],
  },
  // Prod's preview role serves the main-only drift check: no pull request may assume it.
  prod: { noncurrentDays: 365, previewSubjects: [`repo:${REPOSITORY}:environment:prod-preview`] },
};

function run(env: Environment, overrides: Record<string, unknown> = {}): Promise<StackRun> {
  const settings = loadSettings(
    env,
    { bootstrap: { github: { repository: REPOSITORY } }, ...overrides },
    { domain: 'bootstrap' },
  );
  return runStack({
    project: 'payments-bootstrap',
    stack: env,
    program: () => createBootstrapStack(createStackContext('bootstrap', settings)),
  });
}

describe.each(ENVIRONMENTS)('the %s bootstrap stack', (env) => {
  const account = MOCK_ACCOUNTS[env];
  const expected = EXPECTED[env];
  const name = (component: string) => `payments-${env}-${component}`;
  const bucketName = `payments-${env}-state-${account}-${MOCK_REGION}`;
  const bucketArn = `arn:aws:s3:::${bucketName}`;
  const roleArn = (role: string) => `arn:aws:iam::${account}:role/${name(role)}`;
  const oidcArn = `arn:aws:iam::${account}:oidc-provider/${OIDC}`;
  let stack: StackRun;
  const keyNamed = (component: string) =>
    stack.ofType(T.key).find((k) => (k.inputs.tags as Record<string, string>).Name === name(component))!;
  const keyArnOf = (component: string) => {
    const alias = stack.ofType(T.alias).find((a) => a.inputs.name === `alias/${name(component)}`)!;
    return `arn:aws:kms:${MOCK_REGION}:${account}:key/${String(alias.inputs.targetKeyId)}`;
  };
  const inlinePolicy = (policyName: string) =>
    stack.json<PolicyDocument>(
      stack.ofType(T.rolePolicy).find((p) => p.inputs.name === name(policyName))!,
      'policy',
    );
  const boundary = () => stack.json<PolicyDocument>(stack.only(T.policy), 'policy');

  beforeAll(async () => {
    stack = await run(env);
  });

  it('deploys the state bucket, seven keys, the OIDC provider, two CI roles, a boundary and the API Gateway role', () => {
    const counts: Record<string, number> = {};
    for (const r of stack.awsResources()) counts[r.type] = (counts[r.type] ?? 0) + 1;
    expect(counts).toEqual({
      // The state bucket's key and one secrets key per platform stack.
      [T.key]: 1 + DOMAINS.length,
      [T.alias]: 1 + DOMAINS.length,
      [T.bucket]: 1,
      [T.versioning]: 1,
      [T.encryption]: 1,
      [T.publicAccessBlock]: 1,
      [T.ownership]: 1,
      [T.bucketPolicy]: 1,
      [T.lifecycle]: 1,
      [T.oidc]: 1,
      [T.policy]: 1,
      [T.role]: 3,
      [T.rolePolicy]: 3,
      [T.attachment]: 3,
      [T.account]: 1,
    });
  });

  it('names every physical resource for this environment, exactly once, and tags them bootstrap', () => {
    expect(stack.only(T.bucket).inputs.bucket).toBe(bucketName);
    expect(
      stack
        .ofType(T.role)
        .map((r) => r.inputs.name)
        .sort(),
    ).toEqual([name('apigateway-cloudwatch'), name('deploy'), name('preview')].sort());
    expect(
      stack
        .ofType(T.alias)
        .map((a) => a.inputs.name)
        .sort(),
    ).toEqual([`alias/${name('state')}`, ...DOMAINS.map((d) => `alias/${name(`secrets-${d}`)}`)].sort());
    for (const resource of stack.resources) {
      for (const value of stringsIn(resource.inputs)) {
        expect(environmentTokens(value).filter((token) => token !== env)).toEqual([]);
      }
    }
    const provider = stack.only('pulumi:providers:aws');
    expect(JSON.parse(String(provider.inputs.defaultTags))).toEqual({
      tags: expect.objectContaining({ Environment: env, Domain: 'bootstrap' }),
    });
  });

  describe('the state bucket', () => {
    it('is protected in every environment, never force-destroyed, versioned, with its own key', () => {
      const bucket = stack.only(T.bucket);
      expect(bucket.protect).toBe(true);
      expect(bucket.inputs.forceDestroy).toBe(false);
      expect(stack.only(T.versioning).inputs.versioningConfiguration).toEqual({ status: 'Enabled' });
      expect(stack.only(T.encryption).inputs.rules).toEqual([
        {
          applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: keyArnOf('state') },
          bucketKeyEnabled: true,
        },
      ]);
      expect(keyNamed('state').protect).toBe(true);
    });

    it('blocks public access and turns ACLs off', () => {
      expect(stack.only(T.publicAccessBlock).inputs).toMatchObject({
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      });
      expect(stack.only(T.ownership).inputs.rule).toEqual({ objectOwnership: 'BucketOwnerEnforced' });
    });

    it(`expires superseded state after ${expected.noncurrentDays} days and never the current state`, () => {
      const [rule] = stack.only(T.lifecycle).inputs.rules as Record<string, unknown>[];
      expect(rule).toEqual({
        id: 'expire-superseded-state',
        status: 'Enabled',
        filter: {},
        noncurrentVersionExpiration: { noncurrentDays: expected.noncurrentDays },
        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
      });
      expect(stack.only(T.lifecycle).dependsOn).toContain(stack.only(T.versioning).urn);
    });

    it('refuses plain HTTP and uploads asking for another key, and takes Pulumi’s header-less uploads', () => {
      const policy = stack.json<PolicyDocument>(stack.only(T.bucketPolicy), 'policy');
      const object = `${bucketArn}/.pulumi/stacks/payments-api/${env}.json`;
      const put = (keys: Record<string, string>) =>
        decide(policy, { action: 's3:PutObject', resource: object, keys });
      expect(put({ 'aws:SecureTransport': 'false' })).toBe('explicit-deny');
      expect(put({ 'aws:SecureTransport': 'true' })).toBe('implicit-deny');
      expect(put({ 'aws:SecureTransport': 'true', 's3:x-amz-server-side-encryption': 'AES256' })).toBe(
        'explicit-deny',
      );
      expect(
        put({
          'aws:SecureTransport': 'true',
          's3:x-amz-server-side-encryption': 'aws:kms',
          's3:x-amz-server-side-encryption-aws-kms-key-id': `arn:aws:kms:${MOCK_REGION}:${account}:key/other`,
        }),
      ).toBe('explicit-deny');
      expect(
        decide(policy, {
          action: 's3:GetObject',
          resource: object,
          keys: { 'aws:SecureTransport': 'false' },
        }),
      ).toBe('explicit-deny');
    });
  });

  describe('GitHub OIDC', () => {
    it('trusts token.actions.githubusercontent.com for the audience sts.amazonaws.com, without a thumbprint', () => {
      expect(stack.only(T.oidc).inputs).toEqual({
        url: `https://${OIDC}`,
        clientIdLists: ['sts.amazonaws.com'],
      });
    });

    it(`lets only jobs of the ${env} GitHub environment of ${REPOSITORY} assume the deploy role`, () => {
      const role = stack.ofType(T.role).find((r) => r.inputs.name === name('deploy'))!;
      expect(stack.json(role, 'assumeRolePolicy')).toEqual({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'GitHubActionsOidc',
            Effect: 'Allow',
            Principal: { Federated: oidcArn },
            Action: 'sts:AssumeRoleWithWebIdentity',
            Condition: {
              StringEquals: {
                [`${OIDC}:aud`]: 'sts.amazonaws.com',
                [`${OIDC}:sub`]: `repo:${REPOSITORY}:environment:${env}`,
              },
            },
          },
        ],
      });
      expect(role.inputs.maxSessionDuration).toBe(3 * 3600);
      expect(role.inputs.permissionsBoundary).toBe(`arn:aws:iam::${account}:policy/${name('ci-boundary')}`);
    });

    it('lets the preview role be assumed for read-only jobs only, and no other repository', () => {
      const role = stack.ofType(T.role).find((r) => r.inputs.name === name('preview'))!;
      const trust = stack.json<PolicyDocument>(role, 'assumeRolePolicy');
      const sub = trust.Statement[0]?.Condition?.['StringEquals']?.[`${OIDC}:sub`];
      expect(([] as string[]).concat(sub ?? [])).toEqual(expected.previewSubjects);
      // A trust policy is the role's resource policy: its resource is the role itself.
      const onRole = {
        ...trust,
        Statement: trust.Statement.map((st) => ({ ...st, Resource: roleArn('preview') })),
      };
      const assume = (subject: string) =>
        decide(onRole, {
          action: 'sts:AssumeRoleWithWebIdentity',
          resource: roleArn('preview'),
          keys: { [`${OIDC}:aud`]: 'sts.amazonaws.com', [`${OIDC}:sub`]: subject },
        });
      expect(assume(`repo:${REPOSITORY}:environment:${env}-preview`)).toBe('allow');
      expect(assume(`repo:${REPOSITORY}:environment:${env}`)).toBe('implicit-deny');
      expect(assume(`repo:evil/payments-infra:environment:${env}-preview`)).toBe('implicit-deny');
      expect(assume(`repo:${REPOSITORY}:pull_request`)).toBe(env === 'prod' ? 'implicit-deny' : 'allow');
      expect(role.inputs.permissionsBoundary).toBe(`arn:aws:iam::${account}:policy/${name('ci-boundary')}`);
    });

    it('gives the deploy role PowerUserAccess and the preview role ReadOnlyAccess, AWS managed', () => {
      const attached = stack
        .ofType(T.attachment)
        .map((a) => `${String(a.inputs.role)} ${String(a.inputs.policyArn)}`)
        .sort();
      expect(attached).toEqual(
        [
          `${name('apigateway-cloudwatch')} arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs`,
          `${name('deploy')} arn:aws:iam::aws:policy/PowerUserAccess`,
          `${name('preview')} arn:aws:iam::aws:policy/ReadOnlyAccess`,
        ].sort(),
      );
    });
  });

  describe('the permissions boundary', () => {
    const request = (action: string, resource: string, keys: Record<string, string> = {}) =>
      decide(boundary(), { action, resource, keys });

    it('allows what the role policies grant: deploying the platform', () => {
      expect(
        request('rds:CreateDBCluster', `arn:aws:rds:${MOCK_REGION}:${account}:cluster:${name('aurora')}`),
      ).toBe('allow');
      expect(request('iam:CreateRole', roleArn('payments-lambda'))).toBe('allow');
      expect(request('s3:PutObject', `${bucketArn}/.pulumi/stacks/payments-api/${env}.json`)).toBe('allow');
    });

    it('denies IAM users and access keys', () => {
      for (const action of ['iam:CreateUser', 'iam:CreateAccessKey', 'iam:CreateLoginProfile']) {
        expect(request(action, `arn:aws:iam::${account}:user/anyone`)).toBe('explicit-deny');
      }
    });

    it('denies changing the boundary, removing it from a role, and changing the CI roles or their trust', () => {
      const boundaryArn = `arn:aws:iam::${account}:policy/${name('ci-boundary')}`;
      expect(request('iam:CreatePolicyVersion', boundaryArn)).toBe('explicit-deny');
      expect(request('iam:DeletePolicy', boundaryArn)).toBe('explicit-deny');
      expect(request('iam:DeleteRolePermissionsBoundary', roleArn('payments-lambda'))).toBe('explicit-deny');
      for (const role of ['deploy', 'preview', 'apigateway-cloudwatch']) {
        expect(request('iam:UpdateAssumeRolePolicy', roleArn(role))).toBe('explicit-deny');
        expect(request('iam:AttachRolePolicy', roleArn(role))).toBe('explicit-deny');
        expect(request('iam:PutRolePermissionsBoundary', roleArn(role))).toBe('explicit-deny');
      }
      expect(request('iam:DeleteOpenIDConnectProvider', oidcArn)).toBe('explicit-deny');
    });

    it("denies touching the state bucket's policy and controls, and deleting old state versions", () => {
      for (const action of [
        's3:PutBucketPolicy',
        's3:DeleteBucketPolicy',
        's3:PutBucketVersioning',
        's3:DeleteBucket',
      ]) {
        expect(request(action, bucketArn)).toBe('explicit-deny');
      }
      expect(request('s3:DeleteObjectVersion', `${bucketArn}/.pulumi/stacks/x.json`)).toBe('explicit-deny');
      // The audit bucket of the storage stack stays the deploy's to manage.
      expect(
        request('s3:PutBucketPolicy', `arn:aws:s3:::payments-${env}-audit-${account}-${MOCK_REGION}`),
      ).toBe('allow');
    });

    it("denies changing the bootstrap keys' policies, grants, deletion and aliases, and no other key's", () => {
      const anyKey = `arn:aws:kms:${MOCK_REGION}:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
      for (const action of [
        'kms:PutKeyPolicy',
        'kms:ScheduleKeyDeletion',
        'kms:CreateGrant',
        'kms:UntagResource',
      ]) {
        expect(request(action, anyKey, { 'aws:ResourceTag/Domain': 'bootstrap' })).toBe('explicit-deny');
        expect(request(action, anyKey, { 'aws:ResourceTag/Domain': 'storage' })).toBe('allow');
      }
      expect(
        request('kms:UpdateAlias', `arn:aws:kms:${MOCK_REGION}:${account}:alias/${name('secrets-database')}`),
      ).toBe('explicit-deny');
    });
  });

  describe('the secrets keys', () => {
    it.each(DOMAINS)(
      'gives the %s stack its own rotating, protected key, for the deploy and preview roles only',
      (domain) => {
        const key = keyNamed(`secrets-${domain}`);
        expect(key.protect).toBe(true);
        expect(key.inputs).toMatchObject({ enableKeyRotation: true, deletionWindowInDays: 30 });
        const policy = stack.json<KeyPolicyDocument>(key, 'policy');
        expect(keyPolicyProblems(policy, account)).toEqual([]);
        expect(policy.Statement.map((s) => [s.Sid, s.Principal, s.Action])).toEqual([
          ['AccountAdministersKey', { AWS: `arn:aws:iam::${account}:root` }, expect.any(Array)],
          ['AccountEncryptsOnly', { AWS: `arn:aws:iam::${account}:root` }, ['kms:Encrypt']],
          [
            'RolesEncryptDecrypt',
            { AWS: [roleArn('deploy')] },
            ['kms:Encrypt', 'kms:Decrypt', 'kms:DescribeKey'],
          ],
          ['RolesDecrypt', { AWS: [roleArn('preview')] }, ['kms:Decrypt', 'kms:DescribeKey']],
        ]);
        // Created after the roles its policy names: KMS refuses a principal that does not exist.
        const roleUrn = (role: string) => stack.ofType(T.role).find((r) => r.inputs.name === name(role))!.urn;
        expect(key.dependsOn).toEqual(expect.arrayContaining([roleUrn('deploy'), roleUrn('preview')]));
      },
    );

    it("exports each stack's secrets provider, its own key by alias, the one its committed stack file names", () => {
      const providers = stack.outputs.secretsProviders as Record<string, string>;
      for (const domain of DOMAINS) {
        expect(providers[domain]).toBe(`awskms://alias/${name(`secrets-${domain}`)}?region=${MOCK_REGION}`);
        // The committed stack file of that stack names this very key, so CI needs no passphrase.
        const file = parse(
          readFileSync(join(__dirname, '..', '..', domain, `Pulumi.${env}.yaml`), 'utf8'),
        ) as {
          secretsprovider?: string;
        };
        expect(file.secretsprovider).toBe(providers[domain]);
      }
    });
  });

  describe('what the CI roles may do with the backend', () => {
    it('lets the deploy role read and write state and use every secrets key, the preview role only read', () => {
      const deploy = [inlinePolicy('deploy-backend'), inlinePolicy('deploy-iam')];
      const preview = [inlinePolicy('preview-backend')];
      const object = `${bucketArn}/.pulumi/stacks/payments-network/${env}.json`;
      expect(decide(deploy, { action: 's3:PutObject', resource: object })).toBe('allow');
      expect(decide(preview, { action: 's3:GetObject', resource: object })).toBe('allow');
      expect(decide(preview, { action: 's3:PutObject', resource: object })).toBe('implicit-deny');
      for (const domain of DOMAINS) {
        const key = keyArnOf(`secrets-${domain}`);
        expect(decide(deploy, { action: 'kms:Encrypt', resource: key })).toBe('allow');
        expect(decide(preview, { action: 'kms:Decrypt', resource: key })).toBe('allow');
        expect(decide(preview, { action: 'kms:Encrypt', resource: key })).toBe('implicit-deny');
      }
      // The platform's own roles only: not the CI roles (which the boundary also protects), not another env's.
      expect(decide(deploy, { action: 'iam:CreateRole', resource: roleArn('payments-lambda') })).toBe(
        'allow',
      );
      expect(
        decide(deploy, { action: 'iam:CreateRole', resource: `arn:aws:iam::${account}:role/someone-else` }),
      ).toBe('implicit-deny');
    });
  });

  it("sets API Gateway's account CloudWatch role through AWS's managed policy", () => {
    const gateway = stack.only(T.account);
    expect(gateway.inputs.cloudwatchRoleArn).toBe(roleArn('apigateway-cloudwatch'));
    const attachment = stack
      .ofType(T.attachment)
      .find((a) => a.inputs.role === name('apigateway-cloudwatch'))!;
    expect(gateway.dependsOn).toContain(attachment.urn);
  });

  it('exports what the workflows need', () => {
    expect(stack.outputs).toMatchObject({
      backendUrl: `s3://${bucketName}`,
      stateBucketName: bucketName,
      deployRoleArn: roleArn('deploy'),
      previewRoleArn: roleArn('preview'),
      region: MOCK_REGION,
      githubRepository: REPOSITORY,
      deployEnvironment: env,
      previewEnvironment: `${env}-preview`,
    });
  });
});
