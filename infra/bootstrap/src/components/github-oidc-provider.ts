import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { GITHUB_OIDC_AUDIENCE, GITHUB_OIDC_HOST } from '@payments/config';

/**
 * IAM's OpenID Connect provider for GitHub Actions: one per account (IAM keys it by its URL, so a second
 * environment in the same account cannot create its own). No thumbprint: IAM verifies GitHub's certificate against
 * its own trusted CAs and ignores thumbprints for this issuer
 * (https://github.blog/changelog/2023-07-13-github-actions-oidc-integration-with-aws-no-longer-requires-pinning-of-intermediate-tls-certificates/).
 */
export class GithubOidcProvider extends pulumi.ComponentResource {
  readonly arn: pulumi.Output<string>;

  constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
    super('payments:bootstrap:GithubOidcProvider', name, {}, opts);
    const provider = new aws.iam.OpenIdConnectProvider(
      `${name}-provider`,
      { url: `https://${GITHUB_OIDC_HOST}`, clientIdLists: [GITHUB_OIDC_AUDIENCE] },
      { parent: this },
    );
    this.arn = provider.arn;
    this.registerOutputs({ arn: this.arn });
  }
}
