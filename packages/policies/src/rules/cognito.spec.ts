import { AWS } from '@payments/aws-types';
import { describePolicies } from '../testing/cases';
import { ACCOUNT, get } from '../testing/fixtures';
import { cognitoPolicies } from './cognito';

const DOMAIN: [string, string] = [AWS.cognitoUserPoolDomain, 'merchants-domain'];
const POOL: [string, string] = [AWS.cognitoUserPool, 'merchants-pool'];
const CLIENT: [string, string] = [AWS.cognitoUserPoolClient, 'merchant-acme-shop-client'];

describePolicies(cognitoPolicies, {
  'cognito-domain-globally-unique': [
    {
      title: 'a prefix domain without the account and the region (another account may hold it)',
      change: (stack) => {
        get(stack, 'merchants-domain').inputs.domain = 'payments-prod-merchants';
      },
      messages: [
        `Cognito domain prefix 'payments-prod-merchants' does not carry the prod environment, the account ID and the region: another account may hold it, and CreateUserPoolDomain fails with "Domain already associated with another user pool". Name it with namer.globalPhysical('cognitoDomain', <component>, { accountId, region }).`,
      ],
      at: DOMAIN,
    },
    {
      title: "another environment's prefix",
      env: 'dev',
      change: (stack) => {
        get(stack, 'merchants-domain').inputs.domain = `payments-prod-merchants-${ACCOUNT}-us-east-1`;
      },
      messages: [
        `Cognito domain prefix 'payments-prod-merchants-${ACCOUNT}-us-east-1' does not carry the dev environment, the account ID and the region: another account may hold it, and CreateUserPoolDomain fails with "Domain already associated with another user pool". Name it with namer.globalPhysical('cognitoDomain', <component>, { accountId, region }).`,
      ],
      at: DOMAIN,
    },
    {
      title: 'a prefix naming another region than the stack deploys to',
      change: (stack) => {
        get(stack, 'merchants-domain').inputs.domain = `payments-prod-merchants-${ACCOUNT}-eu-west-1`;
      },
      messages: [
        `Cognito domain prefix 'payments-prod-merchants-${ACCOUNT}-eu-west-1' names the region 'eu-west-1' but the stack deploys to us-east-1: pass the stack's region (settings.region) to namer.globalPhysical.`,
      ],
      at: DOMAIN,
    },
  ],
  'cognito-prod-deletion-protection': [
    {
      title: 'a prod pool without deletion protection',
      change: (stack) => {
        get(stack, 'merchants-pool').inputs.deletionProtection = 'INACTIVE';
      },
      messages: [
        "deletionProtection is 'INACTIVE': set deletionProtection: 'ACTIVE' (identity.deletionProtection, a prod invariant).",
      ],
      at: POOL,
    },
    {
      title: 'a prod pool that leaves it unset',
      change: (stack) => {
        delete get(stack, 'merchants-pool').inputs.deletionProtection;
      },
      messages: [
        "deletionProtection is not set: set deletionProtection: 'ACTIVE' (identity.deletionProtection, a prod invariant).",
      ],
      at: POOL,
    },
  ],
  'cognito-client-credentials-only': [
    {
      title: 'a client without a secret, allowing the authorization code grant, with no scope',
      change: (stack) => {
        const client = get(stack, 'merchant-acme-shop-client');
        client.inputs = {
          ...client.inputs,
          generateSecret: false,
          allowedOauthFlows: ['code', 'client_credentials'],
          allowedOauthScopes: [],
        };
      },
      messages: [
        'generateSecret is not true: a client credentials client authenticates with a secret Cognito generates.',
        `allowedOauthFlows is ["code","client_credentials"]: set allowedOauthFlows: ['client_credentials'] and allowedOauthFlowsUserPoolClient: true (a merchant's server, no user sign-in).`,
        "allowedOauthScopes is empty: grant the merchant's scopes (identity.merchants[].scopes).",
      ],
      at: CLIENT,
    },
    {
      title: 'a client with OAuth off for the pool',
      change: (stack) => {
        get(stack, 'merchant-acme-shop-client').inputs.allowedOauthFlowsUserPoolClient = false;
      },
      messages: [
        `allowedOauthFlows is ["client_credentials"]: set allowedOauthFlows: ['client_credentials'] and allowedOauthFlowsUserPoolClient: true (a merchant's server, no user sign-in).`,
      ],
      at: CLIENT,
    },
  ],
});
