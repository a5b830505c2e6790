import { AWS } from '@payments/aws-types';
import { describePolicies } from '../testing/cases';
import { ACCOUNT, get, resource } from '../testing/fixtures';
import { iamPolicies } from './iam';

const POLICY: [string, string] = [AWS.iamRolePolicy, 'payments-role-policy'];
const ROLE: [string, string] = [AWS.iamRole, 'payments-role'];

const document = (...Statement: Record<string, unknown>[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement });

describePolicies(iamPolicies, {
  'iam-no-wildcard-actions': [
    {
      title: 'an Allow of every action, of a whole service, and of NotAction',
      change: (stack) => {
        get(stack, 'payments-role-policy').inputs.policy = document(
          { Sid: 'Admin', Effect: 'Allow', Action: '*', Resource: '*' },
          { Sid: 'AllS3', Effect: 'Allow', Action: ['s3:*', 's3:GetObject'], Resource: 'arn:aws:s3:::b/*' },
          { Effect: 'Allow', NotAction: 'iam:*', Resource: '*' },
          // A Deny of everything is fine.
          { Effect: 'Deny', Action: '*', Resource: '*' },
        );
      },
      messages: [
        "policy 'payments-prod-payments-lambda' of role 'payments-prod-payments-lambda' statement 'Admin' allows '*': name the actions the function calls (e.g. 's3:PutObject'), never a whole service.",
        "policy 'payments-prod-payments-lambda' of role 'payments-prod-payments-lambda' statement 'AllS3' allows 's3:*': name the actions the function calls (e.g. 's3:PutObject'), never a whole service.",
        "policy 'payments-prod-payments-lambda' of role 'payments-prod-payments-lambda' statement 3 allows NotAction (every action but those listed): list the actions it needs in Action instead.",
      ],
      at: POLICY,
    },
    {
      title:
        'a customer managed policy allowing everything, unless a role of the stack uses it as its boundary',
      change: (stack) => {
        const boundary = document(
          { Sid: 'Cap', Effect: 'Allow', Action: '*', Resource: '*' },
          { Sid: 'NoUsers', Effect: 'Deny', Action: 'iam:CreateUser', Resource: '*' },
        );
        stack['ci-boundary'] = resource('prod', AWS.iamPolicy, 'ci-boundary', {
          name: 'payments-prod-ci-boundary',
          policy: boundary,
        });
        stack['admin-policy'] = resource('prod', AWS.iamPolicy, 'admin-policy', {
          name: 'payments-prod-admin',
          policy: boundary,
        });
        // The role's boundary ARN names the first policy only: the second grants everything to whoever holds it.
        get(stack, 'payments-role').inputs.permissionsBoundary =
          `arn:aws:iam::${ACCOUNT}:policy/payments-prod-ci-boundary`;
      },
      messages: [
        "policy 'payments-prod-admin' statement 'Cap' allows '*': name the actions the function calls (e.g. 's3:PutObject'), never a whole service.",
      ],
      at: [AWS.iamPolicy, 'admin-policy'],
    },
  ],
  'iam-wildcard-resource-allowlist': [
    {
      title: 'a write on every resource and an action pattern',
      change: (stack) => {
        get(stack, 'payments-role-policy').inputs.policy = document(
          {
            Sid: 'ReadAll',
            Effect: 'Allow',
            Action: ['s3:GetObject', 'xray:PutTraceSegments'],
            Resource: '*',
          },
          { Sid: 'Pattern', Effect: 'Allow', Action: 's3:Get*', Resource: 'arn:aws:s3:::b/*' },
        );
      },
      messages: [
        "policy 'payments-prod-payments-lambda' of role 'payments-prod-payments-lambda' statement 'ReadAll' allows 's3:GetObject' on every resource: name the resources (ARNs), or, if the action supports no resource-level permission, add it to WILDCARD_RESOURCE_ALLOWLIST in packages/policies/src/rules/iam.ts with the reason.",
        "policy 'payments-prod-payments-lambda' of role 'payments-prod-payments-lambda' statement 'Pattern' allows the action pattern(s) 's3:Get*': name each action, so a new action AWS adds is not granted by accident.",
      ],
      at: POLICY,
    },
  ],
  'iam-trust-no-wildcard-principal': [
    {
      title: 'a trust policy for anyone, and one for a whole account without a condition',
      change: (stack) => {
        get(stack, 'payments-role').inputs.assumeRolePolicy = document(
          { Sid: 'Anyone', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' },
          { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::210987654321:root' }, Action: 'sts:AssumeRole' },
          {
            Effect: 'Allow',
            Principal: {
              Federated: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com',
            },
            Action: 'sts:AssumeRoleWithWebIdentity',
          },
        );
      },
      messages: [
        "the trust policy of role 'payments-prod-payments-lambda' statement 'Anyone' lets any principal assume it: trust the one service (Principal: { Service: 'lambda.amazonaws.com' }) or role that needs it.",
        "the trust policy of role 'payments-prod-payments-lambda' statement 2 trusts every principal of account(s) arn:aws:iam::210987654321:root: trust the role ARN that assumes it, or add a Condition (aws:PrincipalArn, sts:ExternalId).",
        "the trust policy of role 'payments-prod-payments-lambda' statement 3 trusts an identity provider without a Condition: add one on the token's audience and subject (e.g. token.actions.githubusercontent.com:sub).",
      ],
      at: ROLE,
    },
  ],
  'iam-managed-policy-allowlist': [
    {
      title: 'AdministratorAccess attached to a role',
      change: (stack) => {
        get(stack, 'api-gateway-account-logs').inputs.policyArn =
          'arn:aws:iam::aws:policy/AdministratorAccess';
      },
      messages: [
        "the AWS managed policy 'AdministratorAccess' is attached: write an inline policy with the actions and resources the role needs, or, if AWS documents this policy for the service's own role, add it to MANAGED_POLICY_ALLOWLIST in packages/policies/src/rules/iam.ts with the reason.",
      ],
      at: [AWS.iamRolePolicyAttachment, 'api-gateway-account-logs'],
    },
    {
      title: 'a managed policy in the role itself',
      change: (stack) => {
        get(stack, 'payments-role').inputs.managedPolicyArns = [
          'arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs',
          'arn:aws:iam::aws:policy/IAMFullAccess',
        ];
      },
      messages: [
        "the AWS managed policy 'IAMFullAccess' is attached: write an inline policy with the actions and resources the role needs, or, if AWS documents this policy for the service's own role, add it to MANAGED_POLICY_ALLOWLIST in packages/policies/src/rules/iam.ts with the reason.",
      ],
      at: ROLE,
    },
  ],
});
