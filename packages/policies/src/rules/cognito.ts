import type * as aws from '@pulumi/aws';
import type { Unwrap } from '@pulumi/pulumi';
import { parseGlobalName } from '@payments/naming';
import { AWS } from '@payments/aws-types';
import { ofType, resourcePolicy, stackPolicy } from '../define';
import { environmentOfUrn, stackOf } from '../environment';
import { list, text } from '../inspect';

// The merchants' user pool (infra/identity): its prefix domain, its deletion protection in prod, and app clients
// that can only be machine clients.

type UserPoolDomainArgs = Unwrap<aws.cognito.UserPoolDomainArgs>;
type UserPoolArgs = Unwrap<aws.cognito.UserPoolArgs>;
type UserPoolClientArgs = Unwrap<aws.cognito.UserPoolClientArgs>;

export const cognitoDomainGloballyUnique = stackPolicy({
  name: 'cognito-domain-globally-unique',
  description:
    "DESIGN-11: every Cognito prefix domain carries the stack's environment, the account ID and the region (payments-<env>-<component>-<account>-<region>): prefix domains are unique per region across all AWS accounts.",
  validate: (args, report) => {
    const { env } = stackOf(args.resources);
    const regions = args.resources
      .filter((r) => r.type === 'pulumi:providers:aws')
      .map((r) => text(r.props.region))
      .filter((region): region is string => region !== undefined);
    for (const { resource, props } of ofType<UserPoolDomainArgs>(args.resources, AWS.cognitoUserPoolDomain)) {
      // A custom domain (with its certificate) is the owner's own DNS name: nobody else can hold it.
      if (text(props.certificateArn) !== undefined) continue;
      const domain = text(props.domain);
      if (domain === undefined) continue;
      const parts = parseGlobalName(domain);
      if (parts === undefined || (env !== undefined && parts.env !== env)) {
        report(
          `Cognito domain prefix '${domain}' does not carry the ${env ?? "stack's"} environment, the account ID and the region: another account may hold it, and CreateUserPoolDomain fails with "Domain already associated with another user pool". Name it with namer.globalPhysical('cognitoDomain', <component>, { accountId, region }).`,
          resource.urn,
        );
      } else if (regions.length > 0 && !regions.includes(parts.region)) {
        report(
          `Cognito domain prefix '${domain}' names the region '${parts.region}' but the stack deploys to ${regions.join(', ')}: pass the stack's region (settings.region) to namer.globalPhysical.`,
          resource.urn,
        );
      }
    }
  },
});

export const cognitoProdDeletionProtection = resourcePolicy<UserPoolArgs>({
  name: 'cognito-prod-deletion-protection',
  description:
    "DESIGN-9: prod Cognito user pools have Cognito's deletion protection ACTIVE, besides Pulumi protect: deleting the pool deletes every merchant's credentials.",
  types: [AWS.cognitoUserPool],
  validate: (props, args, report) => {
    if (environmentOfUrn(args.urn) !== 'prod') return;
    if (props.deletionProtection !== 'ACTIVE') {
      report(
        `deletionProtection is ${props.deletionProtection === undefined ? 'not set' : `'${String(props.deletionProtection)}'`}: set deletionProtection: 'ACTIVE' (identity.deletionProtection, a prod invariant).`,
      );
    }
  },
});

export const cognitoClientCredentialsOnly = resourcePolicy<UserPoolClientArgs>({
  name: 'cognito-client-credentials-only',
  description:
    'DESIGN-14: app clients are machine clients: the OAuth 2.0 client credentials grant only, with a secret Cognito generates and at least one scope; no user sign-in flow.',
  types: [AWS.cognitoUserPoolClient],
  validate: (props, _args, report) => {
    const flows = list(props.allowedOauthFlows).map(String);
    if (props.generateSecret !== true) {
      report(
        'generateSecret is not true: a client credentials client authenticates with a secret Cognito generates.',
      );
    }
    if (
      props.allowedOauthFlowsUserPoolClient !== true ||
      flows.length !== 1 ||
      flows[0] !== 'client_credentials'
    ) {
      report(
        `allowedOauthFlows is ${JSON.stringify(flows)}: set allowedOauthFlows: ['client_credentials'] and allowedOauthFlowsUserPoolClient: true (a merchant's server, no user sign-in).`,
      );
    }
    if (list(props.allowedOauthScopes).length === 0) {
      report("allowedOauthScopes is empty: grant the merchant's scopes (identity.merchants[].scopes).");
    }
  },
});

export const cognitoPolicies = [
  cognitoDomainGloballyUnique,
  cognitoProdDeletionProtection,
  cognitoClientCredentialsOnly,
];
