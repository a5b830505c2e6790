import { GITHUB_OIDC_AUDIENCE, GITHUB_OIDC_HOST } from '@payments/config';
import { sseKmsOnlyBucketPolicy } from '@payments/stack';

// The bootstrap's IAM and bucket policies as plain data: the components serialize them over resolved outputs, and
// the tests read them whole and evaluate them with IAM's logic (`decide` of @payments/mocks).

export type Condition = Record<string, Record<string, string | string[]>>;

export interface Statement {
  Sid: string;
  Effect: 'Allow' | 'Deny';
  Principal?: '*' | { Federated: string } | { AWS: string | string[] };
  Action: string | string[];
  Resource?: string | string[];
  Condition?: Condition;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: Statement[];
}

/**
 * The `sub` GitHub puts in a job's OIDC token: `repo:<owner>/<repo>:environment:<name>` for a job that names an
 * environment, `repo:<owner>/<repo>:pull_request` for a pull request's job that names none
 * (https://docs.github.com/en/actions/reference/security/oidc#example-subject-claims).
 */
export const githubSubject = {
  environment: (repository: string, environment: string) => `repo:${repository}:environment:${environment}`,
  pullRequest: (repository: string) => `repo:${repository}:pull_request`,
};

/**
 * A role that jobs of `subjects` (exact `sub` values, never a pattern) may assume with their OIDC token, for the
 * audience `sts.amazonaws.com` (GitHub, "Configuring OpenID Connect in Amazon Web Services").
 */
export function githubTrustPolicy(args: {
  providerArn: string;
  subjects: readonly string[];
}): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'GitHubActionsOidc',
        Effect: 'Allow',
        Principal: { Federated: args.providerArn },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: {
            [`${GITHUB_OIDC_HOST}:aud`]: GITHUB_OIDC_AUDIENCE,
            [`${GITHUB_OIDC_HOST}:sub`]: args.subjects.length === 1 ? args.subjects[0]! : [...args.subjects],
          },
        },
      },
    ],
  };
}

/** What the boundary protects: the identities, the state bucket and the keys the bootstrap made. */
export interface BoundaryScope {
  partition: string;
  accountId: string;
  region: string;
  env: string;
  /** The boundary's own ARN (known before it exists: IAM policy ARNs are made of the name). */
  boundaryArn: string;
  /** The deploy and preview roles and the API Gateway logging role. */
  roleArns: readonly string[];
  oidcProviderArn: string;
  stateBucketArn: string;
  /** `aws:ResourceTag/Domain` of the bootstrap's keys (the provider's default tags): the state and secrets keys. */
  keyTag: { key: string; value: string };
  /** Alias pattern of the bootstrap's keys, e.g. `alias/payments-dev-state*`. */
  aliasPatterns: readonly string[];
}

export const IAM_USER_ACTIONS = [
  'iam:CreateUser',
  'iam:CreateAccessKey',
  'iam:UpdateAccessKey',
  'iam:CreateLoginProfile',
  'iam:UpdateLoginProfile',
  'iam:CreateServiceSpecificCredential',
  'iam:AttachUserPolicy',
  'iam:PutUserPolicy',
  'iam:AddUserToGroup',
] as const;

export const BOUNDARY_POLICY_ACTIONS = [
  'iam:CreatePolicyVersion',
  'iam:DeletePolicy',
  'iam:DeletePolicyVersion',
  'iam:SetDefaultPolicyVersion',
  'iam:TagPolicy',
  'iam:UntagPolicy',
] as const;

export const ROLE_CHANGE_ACTIONS = [
  'iam:UpdateAssumeRolePolicy',
  'iam:PutRolePolicy',
  'iam:DeleteRolePolicy',
  'iam:AttachRolePolicy',
  'iam:DetachRolePolicy',
  'iam:PutRolePermissionsBoundary',
  'iam:DeleteRolePermissionsBoundary',
  'iam:UpdateRole',
  'iam:UpdateRoleDescription',
  'iam:DeleteRole',
  'iam:TagRole',
  'iam:UntagRole',
] as const;

export const OIDC_PROVIDER_ACTIONS = [
  'iam:DeleteOpenIDConnectProvider',
  'iam:UpdateOpenIDConnectProviderThumbprint',
  'iam:AddClientIDToOpenIDConnectProvider',
  'iam:RemoveClientIDFromOpenIDConnectProvider',
  'iam:TagOpenIDConnectProvider',
  'iam:UntagOpenIDConnectProvider',
] as const;

export const STATE_BUCKET_CONTROL_ACTIONS = [
  's3:PutBucketPolicy',
  's3:DeleteBucketPolicy',
  's3:PutEncryptionConfiguration',
  's3:PutBucketPublicAccessBlock',
  's3:PutBucketOwnershipControls',
  's3:PutBucketVersioning',
  's3:PutLifecycleConfiguration',
  's3:PutBucketAcl',
  's3:DeleteBucket',
] as const;

export const KEY_CONTROL_ACTIONS = [
  'kms:PutKeyPolicy',
  'kms:CreateGrant',
  'kms:ScheduleKeyDeletion',
  'kms:DisableKey',
  'kms:DisableKeyRotation',
  'kms:TagResource',
  'kms:UntagResource',
] as const;

export const ALIAS_ACTIONS = ['kms:CreateAlias', 'kms:UpdateAlias', 'kms:DeleteAlias'] as const;

/**
 * The permissions boundary of both CI roles: a ceiling that allows what their own policies grant, except creating
 * IAM users or access keys (long-lived credentials), changing this boundary or taking it off a role, changing the CI
 * identities themselves (their trust, policies, the OIDC provider), and touching the state bucket's controls (its
 * policy, encryption, versioning, lifecycle), its old state versions, or the bootstrap keys' policies, grants,
 * deletion and aliases. An explicit Deny in a boundary wins over any Allow of the role's policies
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html).
 */
export function permissionsBoundary(scope: BoundaryScope): PolicyDocument {
  const { partition, accountId, region } = scope;
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'AllowWhatTheRolePoliciesGrant', Effect: 'Allow', Action: '*', Resource: '*' },
      { Sid: 'DenyIamUsersAndAccessKeys', Effect: 'Deny', Action: [...IAM_USER_ACTIONS], Resource: '*' },
      {
        Sid: 'DenyChangingTheBoundary',
        Effect: 'Deny',
        Action: [...BOUNDARY_POLICY_ACTIONS],
        Resource: scope.boundaryArn,
      },
      {
        Sid: 'DenyRemovingAnyBoundary',
        Effect: 'Deny',
        Action: ['iam:DeleteRolePermissionsBoundary', 'iam:DeleteUserPermissionsBoundary'],
        Resource: '*',
      },
      {
        Sid: 'DenyChangingTheCiRoles',
        Effect: 'Deny',
        Action: [...ROLE_CHANGE_ACTIONS],
        Resource: [...scope.roleArns],
      },
      {
        Sid: 'DenyChangingTheOidcProvider',
        Effect: 'Deny',
        Action: [...OIDC_PROVIDER_ACTIONS],
        Resource: scope.oidcProviderArn,
      },
      {
        Sid: 'DenyStateBucketControls',
        Effect: 'Deny',
        Action: [...STATE_BUCKET_CONTROL_ACTIONS],
        Resource: scope.stateBucketArn,
      },
      {
        Sid: 'DenyDeletingStateVersions',
        Effect: 'Deny',
        Action: ['s3:DeleteObjectVersion', 's3:PutObjectRetention', 's3:PutObjectLegalHold'],
        Resource: `${scope.stateBucketArn}/*`,
      },
      {
        Sid: 'DenyBootstrapKeyControls',
        Effect: 'Deny',
        Action: [...KEY_CONTROL_ACTIONS],
        Resource: `arn:${partition}:kms:${region}:${accountId}:key/*`,
        Condition: { StringEquals: { [`aws:ResourceTag/${scope.keyTag.key}`]: scope.keyTag.value } },
      },
      {
        Sid: 'DenyBootstrapKeyAliases',
        Effect: 'Deny',
        Action: [...ALIAS_ACTIONS],
        Resource: scope.aliasPatterns.map((alias) => `arn:${partition}:kms:${region}:${accountId}:${alias}`),
      },
    ],
  };
}

/** The state backend as a role uses it: the bucket, the key that encrypts its objects, the stacks' secrets keys. */
export interface BackendScope {
  stateBucketArn: string;
  stateKeyArn: string;
  secretsKeyArns: readonly string[];
}

/**
 * What `pulumi up` needs of the backend beyond the platform's resources: read and write state objects (a lock is an
 * object it writes and deletes), their SSE-KMS data keys, and Encrypt/Decrypt with the stacks' secrets keys.
 */
export function deployBackendPolicy(scope: BackendScope): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'StateBucket',
        Effect: 'Allow',
        Action: ['s3:ListBucket', 's3:GetBucketLocation', 's3:GetBucketVersioning'],
        Resource: scope.stateBucketArn,
      },
      {
        Sid: 'StateObjects',
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
        Resource: `${scope.stateBucketArn}/*`,
      },
      {
        Sid: 'StateEncryption',
        Effect: 'Allow',
        Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
        Resource: scope.stateKeyArn,
      },
      {
        Sid: 'StackSecrets',
        Effect: 'Allow',
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:DescribeKey'],
        Resource: [...scope.secretsKeyArns],
      },
    ],
  };
}

/** The platform's own IAM: roles and policies named `payments-<env>-*` (the api stack's function roles). */
export function deployIamPolicy(args: { partition: string; accountId: string; env: string }): PolicyDocument {
  const iam = (kind: string) => `arn:${args.partition}:iam::${args.accountId}:${kind}/payments-${args.env}-*`;
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'PlatformRoles',
        Effect: 'Allow',
        Action: [
          'iam:CreateRole',
          'iam:DeleteRole',
          'iam:GetRole',
          'iam:UpdateRole',
          'iam:UpdateAssumeRolePolicy',
          'iam:TagRole',
          'iam:UntagRole',
          'iam:PutRolePolicy',
          'iam:GetRolePolicy',
          'iam:DeleteRolePolicy',
          'iam:AttachRolePolicy',
          'iam:DetachRolePolicy',
          'iam:ListRolePolicies',
          'iam:ListAttachedRolePolicies',
          'iam:ListInstanceProfilesForRole',
          'iam:PassRole',
        ],
        Resource: iam('role'),
      },
      {
        Sid: 'PlatformPolicies',
        Effect: 'Allow',
        Action: [
          'iam:CreatePolicy',
          'iam:DeletePolicy',
          'iam:GetPolicy',
          'iam:GetPolicyVersion',
          'iam:CreatePolicyVersion',
          'iam:DeletePolicyVersion',
          'iam:ListPolicyVersions',
          'iam:TagPolicy',
          'iam:UntagPolicy',
        ],
        Resource: iam('policy'),
      },
      // RDS and the other services create their service-linked roles on first use; AWS puts every one under the
      // aws-service-role/ path (IAM User Guide, "Using service-linked roles"), so nothing else can be created.
      {
        Sid: 'ServiceLinkedRoles',
        Effect: 'Allow',
        Action: 'iam:CreateServiceLinkedRole',
        Resource: `arn:${args.partition}:iam::${args.accountId}:role/aws-service-role/*`,
      },
    ],
  };
}

/**
 * What `pulumi preview` and `refresh --preview-only` need of the backend, with ReadOnlyAccess for the cloud: read
 * the state (a preview on a self-managed backend takes no lock: v3.248.0 pkg/backend/diy/backend.go `Preview`),
 * decrypt its objects and the stacks' secrets. No write of any kind.
 */
export function previewBackendPolicy(scope: BackendScope): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'StateBucketRead',
        Effect: 'Allow',
        Action: ['s3:ListBucket', 's3:GetBucketLocation'],
        Resource: scope.stateBucketArn,
      },
      {
        Sid: 'StateObjectsRead',
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: `${scope.stateBucketArn}/*`,
      },
      {
        Sid: 'DecryptStateAndSecrets',
        Effect: 'Allow',
        Action: ['kms:Decrypt', 'kms:DescribeKey'],
        Resource: [scope.stateKeyArn, ...scope.secretsKeyArns],
      },
    ],
  };
}

/**
 * The state bucket's policy: the audit bucket's controls (`sseKmsOnlyBucketPolicy` of @payments/stack, as
 * infra/storage's `auditBucketPolicy`): TLS only (S3.5), and uploads end up under the bucket's key only. An upload
 * without encryption headers, as Pulumi's S3 backend sends, is encrypted by the bucket default (SSE-KMS, this key);
 * only headers asking for something else (another algorithm, another key, aws:kms without a key, which S3 would
 * encrypt under aws/s3, SSE-C) are refused.
 */
export const stateBucketPolicy = (args: { bucketArn: string; kmsKeyArn: string }): PolicyDocument =>
  sseKmsOnlyBucketPolicy(args);
