import * as pulumi from '@pulumi/pulumi';
import { DOMAINS, type Domain } from '@payments/config';
import { secretsKeyComponent, secretsProviderUrl } from '@payments/naming';
import { CustomerManagedKey, globalBucketName, type StackContext } from '@payments/stack';
import { ApiGatewayAccount } from './components/api-gateway-account';
import { CiRole } from './components/ci-role';
import { GithubOidcProvider } from './components/github-oidc-provider';
import { PermissionsBoundary } from './components/permissions-boundary';
import { RolePolicies } from './components/role-policies';
import { SecretsKeys } from './components/secrets-keys';
import { StateBucket } from './components/state-bucket';
import {
  deployBackendPolicy,
  deployIamPolicy,
  githubSubject,
  previewBackendPolicy,
  type BackendScope,
} from './documents';

/** What the bootstrap exports: what the workflows and the stack files need (`nx run bootstrap:github-variables`). */
export interface BootstrapExports {
  /** `s3://<state bucket>`: PULUMI_BACKEND_URL. */
  backendUrl: pulumi.Output<string>;
  stateBucketName: pulumi.Output<string>;
  /** Per platform stack, the `secretsprovider` of its Pulumi.<env>.yaml. */
  secretsProviders: Record<Domain, string>;
  /** AWS_DEPLOY_ROLE_ARN of the `<env>` GitHub environment. */
  deployRoleArn: pulumi.Output<string>;
  /** AWS_PREVIEW_ROLE_ARN of the `<env>-preview` GitHub environment. */
  previewRoleArn: pulumi.Output<string>;
  /** AWS_REGION. */
  region: string;
  /** The repository the roles trust, and the GitHub environments that hold the variables. */
  githubRepository: string;
  deployEnvironment: string;
  previewEnvironment: string;
}

/**
 * The bootstrap of one AWS account (one environment): the Pulumi state bucket and its key, each platform stack's
 * secrets key, the GitHub OIDC provider with the deploy and preview roles under one permissions boundary, and API
 * Gateway's account-wide CloudWatch role. Run by an administrator (`nx run bootstrap:bootstrap-up`), never by CI.
 */
export function createBootstrapStack(ctx: StackContext): BootstrapExports {
  const { namer, settings, provider, account, env } = ctx;
  const { bootstrap } = settings;
  const repository = bootstrap.github.repository;
  if (repository === undefined) {
    // loadSettings for the bootstrap stack requires it (stackProblems); tests pass settings directly.
    throw new Error('bootstrap.github.repository is required by the bootstrap stack.');
  }
  const opts = { provider };

  // Every physical name first: the key's grants and the boundary's resources name what is created after them.
  const names = {
    deployRole: namer.physical('iamRole', 'deploy'),
    previewRole: namer.physical('iamRole', 'preview'),
    apiGatewayRole: namer.physical('iamRole', 'apigateway-cloudwatch'),
    boundary: namer.physical('iamPolicy', 'ci-boundary'),
    stateAlias: namer.physical('kmsAlias', 'state'),
    stateBucket: globalBucketName(ctx, 'state'),
  };
  const secretsKeyNames = Object.fromEntries(
    DOMAINS.map((domain) => [
      domain,
      {
        keyName: namer.physical('kmsKey', secretsKeyComponent(domain)),
        aliasName: namer.physical('kmsAlias', secretsKeyComponent(domain)),
      },
    ]),
  ) as Record<Domain, { keyName: string; aliasName: string }>;
  const iamArn = (kind: string, name: string) =>
    pulumi.interpolate`arn:${account.partition}:iam::${account.accountId}:${kind}/${name}`;

  // The bucket's own key, always protected: without it no state file can be read.
  const stateKey = new CustomerManagedKey(
    namer.logical('state-key'),
    {
      keyName: namer.physical('kmsKey', 'state'),
      aliasName: names.stateAlias,
      description: 'Encrypts the Pulumi state bucket.',
      account,
      grants: [{ viaService: 's3', buckets: [names.stateBucket] }],
      protect: true,
    },
    opts,
  );

  const state = new StateBucket(
    namer.logical('state'),
    {
      bucketName: names.stateBucket,
      kmsKeyArn: stateKey.arn,
      noncurrentVersionExpirationDays: bootstrap.stateBucket.noncurrentVersionExpirationDays,
    },
    opts,
  );

  const oidc = new GithubOidcProvider(namer.logical('github-oidc'), opts);

  const boundary = new PermissionsBoundary(
    namer.logical('ci-boundary'),
    {
      policyName: names.boundary,
      scope: pulumi
        .all([
          account.partition,
          account.accountId,
          oidc.arn,
          iamArn('policy', names.boundary),
          iamArn('role', names.deployRole),
          iamArn('role', names.previewRole),
          iamArn('role', names.apiGatewayRole),
          state.bucketArn,
        ])
        .apply(
          ([partition, accountId, oidcProviderArn, boundaryArn, deploy, preview, apiGateway, bucketArn]) => ({
            partition,
            accountId,
            region: settings.region,
            env,
            boundaryArn,
            roleArns: [deploy, preview, apiGateway],
            oidcProviderArn,
            stateBucketArn: bucketArn,
            // The provider's default tags (packages/naming) mark every key this stack made.
            keyTag: { key: 'Domain', value: namer.tags()['Domain'] ?? 'bootstrap' },
            aliasPatterns: [names.stateAlias, ...DOMAINS.map((d) => secretsKeyNames[d].aliasName)],
          }),
        ),
    },
    opts,
  );

  const deploySubject = githubSubject.environment(repository, bootstrap.github.deployEnvironment);
  const previewSubjects = [
    githubSubject.environment(repository, bootstrap.github.previewEnvironment),
    ...(bootstrap.github.previewOnPullRequests ? [githubSubject.pullRequest(repository)] : []),
  ];

  const deploy = new CiRole(
    namer.logical('deploy'),
    {
      roleName: names.deployRole,
      description: `GitHub Actions deploys of ${env} (${deploySubject}).`,
      oidcProviderArn: oidc.arn,
      subjects: [deploySubject],
      permissionsBoundaryArn: boundary.arn,
      // Every service the platform deploys, without IAM (granted below for the platform's own roles only).
      managedPolicies: ['PowerUserAccess'],
      partition: account.partition,
      maxSessionHours: bootstrap.deploySessionHours,
    },
    opts,
  );

  const preview = new CiRole(
    namer.logical('preview'),
    {
      roleName: names.previewRole,
      description: `GitHub Actions previews and drift checks of ${env}: read-only.`,
      oidcProviderArn: oidc.arn,
      subjects: previewSubjects,
      permissionsBoundaryArn: boundary.arn,
      managedPolicies: ['ReadOnlyAccess'],
      partition: account.partition,
      maxSessionHours: 1,
    },
    opts,
  );

  // After the roles: KMS refuses a key policy naming a role that does not exist yet.
  const secrets = new SecretsKeys(
    namer.logical('secrets'),
    {
      names: secretsKeyNames,
      account,
      deployRoleArn: deploy.arn,
      previewRoleArn: preview.arn,
      protect: true,
    },
    opts,
  );

  const backend: pulumi.Output<BackendScope> = pulumi
    .all([state.bucketArn, stateKey.arn, pulumi.all(DOMAINS.map((d) => secrets.arns[d]))])
    .apply(([stateBucketArn, stateKeyArn, secretsKeyArns]) => ({
      stateBucketArn,
      stateKeyArn,
      secretsKeyArns,
    }));

  new RolePolicies(
    namer.logical('deploy-policies'),
    {
      role: deploy.name,
      policies: {
        [namer.physical('iamPolicy', 'deploy-backend')]: backend.apply(deployBackendPolicy),
        [namer.physical('iamPolicy', 'deploy-iam')]: pulumi
          .all([account.partition, account.accountId])
          .apply(([partition, accountId]) => deployIamPolicy({ partition, accountId, env })),
      },
    },
    opts,
  );

  new RolePolicies(
    namer.logical('preview-policies'),
    {
      role: preview.name,
      policies: { [namer.physical('iamPolicy', 'preview-backend')]: backend.apply(previewBackendPolicy) },
    },
    opts,
  );

  new ApiGatewayAccount(
    namer.logical('api-gateway-account'),
    { roleName: names.apiGatewayRole, account },
    opts,
  );

  return {
    backendUrl: pulumi.interpolate`s3://${state.bucketName}`,
    stateBucketName: state.bucketName,
    secretsProviders: Object.fromEntries(
      DOMAINS.map((domain) => [domain, secretsProviderUrl({ env, domain, region: settings.region })]),
    ) as Record<Domain, string>,
    deployRoleArn: deploy.arn,
    previewRoleArn: preview.arn,
    region: settings.region,
    githubRepository: repository,
    deployEnvironment: bootstrap.github.deployEnvironment,
    previewEnvironment: bootstrap.github.previewEnvironment,
  };
}
