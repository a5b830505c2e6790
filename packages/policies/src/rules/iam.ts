import type * as aws from '@pulumi/aws';
import type { Unwrap } from '@pulumi/pulumi';
import { AWS } from '@payments/aws-types';
import { identityPolicy, resourcePolicy } from '../define';
import {
  accountOf,
  actionsOf,
  anyPrincipal,
  awsPrincipals,
  identityPolicyLabel,
  isAllow,
  resourcesOf,
  statementLabel,
} from '../documents';
import { list, record, statements, text } from '../inspect';

// IAM: what the roles of the stacks may do and who may assume them (IAM.1/IAM.21, cdk-nag AwsSolutions-IAM4/IAM5,
// Checkov CKV_AWS_60-63, CKV_AWS_107-111, CKV_AWS_355/356).

const IDENTITY_POLICY_TYPES = [AWS.iamRolePolicy, AWS.iamPolicy];

export const iamNoWildcardActions = identityPolicy<{ policy?: unknown; name?: string; role?: string }>({
  name: 'iam-no-wildcard-actions',
  description:
    'IAM.1/IAM.21: no identity policy (inline role policy or customer managed policy) allows "*", "<service>:*" or NotAction; every action is named.',
  types: IDENTITY_POLICY_TYPES,
  validate: (props, resource, report) => {
    const label = identityPolicyLabel(resource.props, resource.name);
    statements(props.policy).forEach((s, i) => {
      if (!isAllow(s)) return;
      if (s.NotAction !== undefined) {
        report(
          `${label} ${statementLabel(s, i)} allows NotAction (every action but those listed): list the actions it needs in Action instead.`,
        );
      }
      const wild = actionsOf(s).filter((a) => a === '*' || /^[a-z0-9-]+:\*$/i.test(a));
      if (wild.length > 0) {
        report(
          `${label} ${statementLabel(s, i)} allows ${wild.map((a) => `'${a}'`).join(', ')}: name the actions the function calls (e.g. 's3:PutObject'), never a whole service.`,
        );
      }
    });
  },
});

/**
 * The actions an identity policy may allow on `Resource: "*"`, each with the reason (AwsSolutions-IAM5 asks for
 * the evidence). Anything else names its resources.
 */
export const WILDCARD_RESOURCE_ALLOWLIST: Readonly<Record<string, string>> = {
  'ec2:DescribeNetworkInterfaces':
    'EC2 Describe actions support no resource-level permissions (Service Authorization Reference, Amazon EC2); Lambda calls it for a VPC function',
  'ec2:DescribeSubnets':
    'EC2 Describe actions support no resource-level permissions; Lambda calls it for a VPC function',
  'ec2:CreateNetworkInterface':
    "Lambda creates a VPC function's network interfaces with the execution role (AWSLambdaVPCAccessExecutionRole grants it on *); their IDs do not exist before",
  'ec2:DeleteNetworkInterface':
    "Lambda deletes a VPC function's network interfaces with the execution role; their IDs are Lambda's",
  'ec2:AssignPrivateIpAddresses':
    "Lambda manages the addresses of a VPC function's network interfaces (AWSLambdaVPCAccessExecutionRole)",
  'ec2:UnassignPrivateIpAddresses':
    "Lambda manages the addresses of a VPC function's network interfaces (AWSLambdaVPCAccessExecutionRole)",
  'xray:PutTraceSegments': 'X-Ray supports no resource-level permissions for sending traces',
  'xray:PutTelemetryRecords': 'X-Ray supports no resource-level permissions for sending telemetry',
};

const allowlisted = (action: string): boolean =>
  Object.keys(WILDCARD_RESOURCE_ALLOWLIST).some((a) => a.toLowerCase() === action.toLowerCase());

export const iamWildcardResourceAllowlist = identityPolicy<{ policy?: unknown }>({
  name: 'iam-wildcard-resource-allowlist',
  description:
    'AwsSolutions-IAM5: identity policies allow Resource "*" only for the actions of WILDCARD_RESOURCE_ALLOWLIST (each with its reason), and no action pattern ("s3:Get*").',
  types: IDENTITY_POLICY_TYPES,
  validate: (props, resource, report) => {
    const label = identityPolicyLabel(resource.props, resource.name);
    statements(props.policy).forEach((s, i) => {
      if (!isAllow(s)) return;
      const patterns = actionsOf(s).filter((a) => /[*?]/.test(a) && a !== '*' && !/^[a-z0-9-]+:\*$/i.test(a));
      if (patterns.length > 0) {
        report(
          `${label} ${statementLabel(s, i)} allows the action pattern(s) ${patterns.map((a) => `'${a}'`).join(', ')}: name each action, so a new action AWS adds is not granted by accident.`,
        );
      }
      const everything = resourcesOf(s).includes('*') || s.NotResource !== undefined;
      if (!everything) return;
      const outside = actionsOf(s).filter((a) => !allowlisted(a));
      if (outside.length > 0) {
        report(
          `${label} ${statementLabel(s, i)} allows ${outside.map((a) => `'${a}'`).join(', ')} on every resource: name the resources (ARNs), or, if the action supports no resource-level permission, add it to WILDCARD_RESOURCE_ALLOWLIST in packages/policies/src/rules/iam.ts with the reason.`,
        );
      }
    });
  },
});

type RoleArgs = Unwrap<aws.iam.RoleArgs>;

export const iamTrustNoWildcardPrincipal = resourcePolicy<RoleArgs>({
  name: 'iam-trust-no-wildcard-principal',
  description:
    'CKV_AWS_60/CKV_AWS_61: no role trust policy lets "*" assume it, and one that trusts a whole account or an identity provider has a condition.',
  types: [AWS.iamRole],
  validate: (props, _args, report) => {
    const role = `role '${text(props.name) ?? '?'}'`;
    statements(props.assumeRolePolicy).forEach((s, i) => {
      if (!isAllow(s)) return;
      if (anyPrincipal(s) || list(record(s.Principal)?.Service).includes('*')) {
        report(
          `the trust policy of ${role} ${statementLabel(s, i)} lets any principal assume it: trust the one service (Principal: { Service: 'lambda.amazonaws.com' }) or role that needs it.`,
        );
        return;
      }
      const conditioned = record(s.Condition) !== undefined;
      const accounts = awsPrincipals(s).filter(
        (p) => /^\d{12}$/.test(p) || (accountOf(p) !== undefined && p.endsWith(':root')),
      );
      if (accounts.length > 0 && !conditioned) {
        report(
          `the trust policy of ${role} ${statementLabel(s, i)} trusts every principal of account(s) ${accounts.join(', ')}: trust the role ARN that assumes it, or add a Condition (aws:PrincipalArn, sts:ExternalId).`,
        );
      }
      if (list(record(s.Principal)?.Federated).length > 0 && !conditioned) {
        report(
          `the trust policy of ${role} ${statementLabel(s, i)} trusts an identity provider without a Condition: add one on the token's audience and subject (e.g. token.actions.githubusercontent.com:sub).`,
        );
      }
    });
  },
});

/**
 * The AWS managed policies a role may have attached, each with the reason (AwsSolutions-IAM4): AWS maintains them
 * for one service's role. Anything else is an inline policy of our own (docs/design.md).
 */
export const MANAGED_POLICY_ALLOWLIST: Readonly<Record<string, string>> = {
  'service-role/AmazonAPIGatewayPushToCloudWatchLogs':
    "the role of API Gateway's account-level CloudWatch Logs setting (aws.apigateway.Account); AWS documents this policy for it and updates it as API Gateway's logging changes",
  'service-role/AWSBackupServiceRolePolicyForBackup':
    'the role AWS Backup assumes to take and copy recovery points of the selected resources; AWS documents this policy for it and adds each newly supported service',
  // The bootstrap's CI roles (infra/bootstrap): AWS's job-function policies, each capped by the CI permissions
  // boundary, which denies IAM users and keys and any change to CI identities, the state bucket and the keys.
  PowerUserAccess:
    "the CI deploy role creates and updates every resource type of the five platform stacks (AWS's job-function policy for developers: everything but IAM and Organizations); its IAM needs are an inline policy scoped to payments-<env>-* roles, and the CI permissions boundary caps both",
  ReadOnlyAccess:
    "the CI preview role: pulumi preview and refresh --preview-only read every resource type of the platform stacks (AWS's job-function policy for read-only access), capped by the CI permissions boundary",
  'service-role/AmazonRDSEnhancedMonitoringRole':
    'the role RDS enhanced monitoring assumes to publish OS metrics to the RDSOSMetrics log group; AWS documents this policy for it',
};

/** `arn:<partition>:iam::aws:policy/<path/name>` -> `<path/name>`; undefined for a customer managed policy. */
export function awsManagedPolicyName(arn: string): string | undefined {
  return /^arn:[^:]+:iam::aws:policy\/(.+)$/.exec(arn)?.[1];
}

export const iamManagedPolicyAllowlist = resourcePolicy<{ policyArn?: string; managedPolicyArns?: string[] }>(
  {
    name: 'iam-managed-policy-allowlist',
    description:
      'AwsSolutions-IAM4: roles get AWS managed policies only from MANAGED_POLICY_ALLOWLIST (each with its reason); never AdministratorAccess or IAMFullAccess.',
    types: [AWS.iamRolePolicyAttachment, AWS.iamRole],
    validate: (props, args, report) => {
      const arns = args.type === AWS.iamRole ? list(props.managedPolicyArns) : [props.policyArn];
      for (const arn of arns.map((a) => text(a)).filter((a): a is string => a !== undefined)) {
        const managed = awsManagedPolicyName(arn);
        if (managed === undefined || MANAGED_POLICY_ALLOWLIST[managed] !== undefined) continue;
        report(
          `the AWS managed policy '${managed}' is attached: write an inline policy with the actions and resources the role needs, or, if AWS documents this policy for the service's own role, add it to MANAGED_POLICY_ALLOWLIST in packages/policies/src/rules/iam.ts with the reason.`,
        );
      }
    },
  },
);

export const iamPolicies = [
  iamNoWildcardActions,
  iamWildcardResourceAllowlist,
  iamTrustNoWildcardPrincipal,
  iamManagedPolicyAllowlist,
];
