import { AWS } from '@payments/aws-types';
import { GITHUB_OIDC_HOST } from '@payments/config';
import { resourcePolicy } from '../define';
import { list, record, statements, text } from '../inspect';

// A role that trusts GitHub's OIDC provider is assumable by any workflow of any repository on GitHub unless its
// trust policy pins the token's `sub` claim: GitHub's docs ("Configuring OpenID Connect in Amazon Web Services")
// and AWS IAM recommend evaluating token.actions.githubusercontent.com:sub in every such trust policy; Checkov's
// CKV_AWS_358 ("AWS GitHub Actions OIDC authorization policies only allow safe claims") checks the same.

const SUB = `${GITHUB_OIDC_HOST}:sub`;

/** Actions that let a web identity (an OIDC token) assume the role. */
const assumesWithWebIdentity = (statement: Record<string, unknown>): boolean =>
  list(statement.Action).some((a) => a === 'sts:AssumeRoleWithWebIdentity' || a === 'sts:*' || a === '*');

/** Whether the statement's federated principal is GitHub's OIDC provider (`...:oidc-provider/<host>`). */
const trustsGithub = (statement: Record<string, unknown>): boolean =>
  list(record(statement.Principal)?.Federated).some(
    (p) =>
      typeof p === 'string' && (p === GITHUB_OIDC_HOST || p.endsWith(`:oidc-provider/${GITHUB_OIDC_HOST}`)),
  );

/**
 * `repo:<owner>/<repo>:<context>`, exact: GitHub's subject formats (environment, ref, pull_request) all start with
 * the repository (https://docs.github.com/en/actions/reference/security/oidc#example-subject-claims).
 */
const PINNED = /^repo:[^:*?/\s]+\/[^:*?/\s]+:[^*?\s]+$/;

/** What is wrong with one GitHub-trusting statement's `sub` condition; undefined when it is pinned. */
function subProblem(statement: Record<string, unknown>): string | undefined {
  const condition = record(statement.Condition) ?? {};
  const operators = Object.entries(condition).filter(([, keys]) => record(keys)?.[SUB] !== undefined);
  if (operators.length === 0) {
    return `has no ${SUB} condition, so a workflow of any repository on GitHub can assume it`;
  }
  for (const [operator, keys] of operators) {
    const values = list(record(keys)?.[SUB]).map(String);
    if (operator !== 'StringEquals') {
      return `tests ${SUB} with ${operator}, not StringEquals: only exact subjects pin the role to a repository`;
    }
    const wildcard = values.find((v) => v.includes('*') || v.includes('?'));
    if (wildcard !== undefined) {
      return `trusts the wildcard subject '${wildcard}', which matches repositories, branches or environments it does not name`;
    }
    const loose = values.find((v) => !PINNED.test(v));
    if (loose !== undefined) {
      return `trusts the subject '${loose}', which does not name one repository (repo:<owner>/<repo>:<context>)`;
    }
  }
  return undefined;
}

export const githubOidcTrustPinned = resourcePolicy({
  name: 'github-oidc-trust-pinned-to-repository',
  description:
    'DESIGN-16: (Checkov CKV_AWS_358) a role that trusts the GitHub Actions OIDC provider names its exact subjects (repo:<owner>/<repo>:<context>) with StringEquals on token.actions.githubusercontent.com:sub, no wildcard.',
  types: [AWS.iamRole],
  validate: (props, args, report) => {
    for (const statement of statements((props as { assumeRolePolicy?: unknown }).assumeRolePolicy)) {
      if (statement.Effect !== 'Allow' || !assumesWithWebIdentity(statement) || !trustsGithub(statement))
        continue;
      const problem = subProblem(statement);
      if (problem) {
        const role = text((props as { name?: unknown }).name) ?? args.name;
        report(
          `role '${role}' trusts GitHub Actions' OIDC provider but ${problem}: add "StringEquals": { "${SUB}": ` +
            `"repo:<owner>/<repo>:environment:<env>" } (infra/bootstrap githubTrustPolicy).`,
        );
      }
    }
  },
});

export const githubOidcPolicies = [githubOidcTrustPinned];
