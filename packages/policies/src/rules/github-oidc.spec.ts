import { AWS } from '@payments/aws-types';
import { describePolicies, findingsOf } from '../testing/cases';
import { compliantStack, resource, type Fixture } from '../testing/fixtures';
import { githubOidcPolicies, githubOidcTrustPinned } from './github-oidc';

const PROVIDER = 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com';
const ROLE: [string, string] = [AWS.iamRole, 'deploy-role'];

/** The deploy role as infra/bootstrap writes it, with `condition` as its trust condition. */
function withDeployRole(
  stack: Fixture,
  condition: Record<string, unknown> | undefined,
  action: unknown = 'sts:AssumeRoleWithWebIdentity',
): void {
  stack['deploy-role'] = resource('prod', AWS.iamRole, 'deploy-role', {
    name: 'payments-prod-deploy',
    assumeRolePolicy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: PROVIDER },
          Action: action,
          ...(condition ? { Condition: condition } : {}),
        },
      ],
    }),
  });
}

const AUD = { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' };
const message = (problem: string) =>
  `role 'payments-prod-deploy' trusts GitHub Actions' OIDC provider but ${problem}: add "StringEquals": { "token.actions.githubusercontent.com:sub": "repo:<owner>/<repo>:environment:<env>" } (infra/bootstrap githubTrustPolicy).`;

describePolicies(githubOidcPolicies, {
  'github-oidc-trust-pinned-to-repository': [
    {
      title: 'a role trusting GitHub with the audience only (any repository on GitHub can assume it)',
      change: (stack) => withDeployRole(stack, { StringEquals: AUD }),
      messages: [
        message(
          'has no token.actions.githubusercontent.com:sub condition, so a workflow of any repository on GitHub can assume it',
        ),
      ],
      at: ROLE,
    },
    {
      title: 'a role trusting GitHub with no condition at all, through sts:*',
      change: (stack) => withDeployRole(stack, undefined, ['sts:*']),
      messages: [
        message(
          'has no token.actions.githubusercontent.com:sub condition, so a workflow of any repository on GitHub can assume it',
        ),
      ],
      at: ROLE,
    },
    {
      title: 'a wildcard subject under StringLike',
      change: (stack) =>
        withDeployRole(stack, {
          StringEquals: AUD,
          StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/*' },
        }),
      messages: [
        message(
          'tests token.actions.githubusercontent.com:sub with StringLike, not StringEquals: only exact subjects pin the role to a repository',
        ),
      ],
      at: ROLE,
    },
    {
      title: 'a wildcard subject among exact ones under StringEquals',
      change: (stack) =>
        withDeployRole(stack, {
          StringEquals: {
            ...AUD,
            'token.actions.githubusercontent.com:sub': ['repo:acme/payments-infra:environment:prod', '*'],
          },
        }),
      messages: [
        message(
          "trusts the wildcard subject '*', which matches repositories, branches or environments it does not name",
        ),
      ],
      at: ROLE,
    },
    {
      title: 'a subject that names an owner but no repository',
      change: (stack) =>
        withDeployRole(stack, {
          StringEquals: { ...AUD, 'token.actions.githubusercontent.com:sub': 'repo:acme' },
        }),
      messages: [
        message(
          "trusts the subject 'repo:acme', which does not name one repository (repo:<owner>/<repo>:<context>)",
        ),
      ],
      at: ROLE,
    },
  ],
});

describe('github-oidc-trust-pinned-to-repository on compliant roles', () => {
  it.each([
    ['an environment subject', 'repo:acme/payments-infra:environment:prod'],
    [
      'a pull request subject and an environment subject',
      ['repo:acme/payments-infra:pull_request', 'repo:acme/payments-infra:environment:staging-preview'],
    ],
  ])('passes %s with the audience', (_title, sub) => {
    const stack = compliantStack('prod');
    withDeployRole(stack, { StringEquals: { ...AUD, 'token.actions.githubusercontent.com:sub': sub } });
    expect(findingsOf(githubOidcTrustPinned, stack)).toEqual([]);
  });

  it('leaves alone a role trusted by a service or by another OIDC provider', () => {
    const stack = compliantStack('prod');
    stack['other'] = resource('prod', AWS.iamRole, 'other', {
      name: 'payments-prod-other',
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
          {
            Effect: 'Allow',
            Principal: { Federated: 'arn:aws:iam::123456789012:oidc-provider/gitlab.example.com' },
            Action: 'sts:AssumeRoleWithWebIdentity',
          },
        ],
      }),
    });
    expect(findingsOf(githubOidcTrustPinned, stack)).toEqual([]);
  });
});
