import { z } from 'zod';

// The settings of infra/bootstrap (Pulumi project payments-bootstrap): the state backend, the stacks' secrets keys
// and the GitHub Actions identities of one AWS account. Apart from schema.ts so that its rules read in one place.

/**
 * The project of the day-zero stack. Not a platform domain (DOMAINS): nothing reads it through a StackReference and
 * `nx run-many -t up` never deploys it (its own `bootstrap-up` target, run by an administrator, does).
 */
export const BOOTSTRAP_DOMAIN = 'bootstrap';

/** GitHub's OIDC issuer (https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect). */
export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';
/** The audience `aws-actions/configure-aws-credentials` requests and the IAM OIDC provider's client ID list holds. */
export const GITHUB_OIDC_AUDIENCE = 'sts.amazonaws.com';

// GitHub: an account name is 1 to 39 alphanumerics or single hyphens, not at either end; a repository name 1 to 100
// letters, digits, '.', '_' or '-', not '.' or '..'. No wildcard can pass, which a trust policy's `sub` relies on.
const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
const REPO = /^[A-Za-z0-9._-]{1,100}$/;

/** Why `value` is not a GitHub `<owner>/<repo>`; undefined when it is one. */
export function githubRepositoryProblem(value: string): string | undefined {
  const parts = value.split('/');
  if (parts.length !== 2) return "not of the form '<owner>/<repo>'";
  const [owner = '', repo = ''] = parts;
  if (!OWNER.test(owner)) return `owner '${owner}' is not a GitHub account name`;
  if (!REPO.test(repo) || repo === '.' || repo === '..')
    return `repo '${repo}' is not a GitHub repository name`;
  return undefined;
}

const int = (min: number, max: number) =>
  z.int().min(min).max(max).describe(`an integer from ${min} to ${max}`);

// GitHub environment names: letters, digits and . _ - here (GitHub allows more, the OIDC `sub` carries it verbatim).
const githubEnvironment = (example: string) =>
  z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,255}$/)
    .describe(`a GitHub environment name of letters, digits, '.', '_' or '-', e.g. ${example}`);

export const bootstrapSchema = z.strictObject({
  github: z.strictObject({
    /**
     * The repository whose workflows may assume the deploy and preview roles: `repo:<this>:...` in their trust
     * policies' `sub`. Required by the bootstrap stack (stackProblems), in infra/bootstrap/Pulumi.<env>.yaml.
     */
    repository: z
      .string()
      .superRefine((value, ctx) => {
        const why = githubRepositoryProblem(value);
        if (why) {
          ctx.addIssue({
            code: 'custom',
            message: why,
            params: { allowed: "a GitHub repository '<owner>/<repo>', e.g. 'acme/payments-infra'" },
          });
        }
      })
      .optional()
      .describe("a GitHub repository '<owner>/<repo>', e.g. 'acme/payments-infra'"),
    /** The GitHub environment that holds the deploy approval: the deploy role trusts its jobs only. */
    deployEnvironment: githubEnvironment("'staging'"),
    /** The GitHub environment of the read-only jobs (pull-request preview, drift): the preview role trusts it. */
    previewEnvironment: githubEnvironment("'staging-preview'"),
    /**
     * Whether the preview role also trusts jobs of the repository's pull requests that name no environment
     * (`sub` `repo:<owner>/<repo>:pull_request`). Off in prod: its preview role serves the main-only drift check.
     */
    previewOnPullRequests: z.boolean().describe('true or false'),
  }),
  stateBucket: z.strictObject({
    /** Superseded state files are kept this long, then S3 deletes them (S3.10's lifecycle). */
    noncurrentVersionExpirationDays: int(1, 3650),
  }),
  /** The deploy role's session length: a prod deploy of every stack runs well over the 1-hour default. */
  deploySessionHours: int(1, 12),
});

/**
 * The repository the committed infra/bootstrap stack files name until a team puts its own there: synth runs on it,
 * `bootstrap-up` refuses it (roles trusting a repository that is not yours would let its owner deploy).
 */
export const GITHUB_REPOSITORY_PLACEHOLDER = 'your-org/payments-infra';
