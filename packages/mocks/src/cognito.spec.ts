import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { MOCK_ACCOUNTS, MOCK_REGION } from './fixtures';
import { runStack } from './run-stack';

// The attributes Cognito and API Gateway compute for the identity and api stacks, in AWS's shapes, and the
// generated client secret a program can read only as a secret.

async function merchantPool(stack: 'dev' | 'prod') {
  let secret: pulumi.Output<string> | undefined;
  const run = await runStack({
    project: 'payments-test',
    stack,
    program: () => {
      const pool = new aws.cognito.UserPool('pool', { name: `payments-${stack}-merchants` });
      const server = new aws.cognito.ResourceServer('server', {
        userPoolId: pool.id,
        identifier: 'payments',
        name: `payments-${stack}-api`,
        scopes: [
          { scopeName: 'read', scopeDescription: 'r' },
          { scopeName: 'write', scopeDescription: 'w' },
        ],
      });
      const client = new aws.cognito.UserPoolClient('client', {
        userPoolId: pool.id,
        name: `payments-${stack}-merchant-acme`,
        generateSecret: true,
      });
      const domain = new aws.cognito.UserPoolDomain('domain', {
        userPoolId: pool.id,
        domain: `payments-${stack}-merchants-${MOCK_ACCOUNTS[stack]}-${MOCK_REGION}`,
      });
      const api = new aws.apigateway.RestApi('api', { name: `payments-${stack}-api` });
      const authorizer = new aws.apigateway.Authorizer('authorizer', {
        restApi: api.id,
        name: `payments-${stack}-merchants`,
        type: 'COGNITO_USER_POOLS',
        providerArns: [pool.arn],
      });
      secret = client.clientSecret;
      return {
        poolId: pool.id,
        poolArn: pool.arn,
        endpoint: pool.endpoint,
        scopes: server.scopeIdentifiers,
        serverId: server.id,
        clientId: client.id,
        domainId: domain.id,
        domainAccount: domain.awsAccountId,
        apiId: api.id,
        authorizerId: authorizer.id,
        authorizerArn: authorizer.arn,
      };
    },
  });
  return { run, secret: secret! };
}

describe('the Cognito and authorizer fixtures', () => {
  it('give IDs and ARNs in the shapes AWS issues them', async () => {
    const { run } = await merchantPool('dev');
    const o = run.outputs as Record<string, string>;
    expect(o.poolId).toMatch(/^us-east-1_[0-9A-Za-z]{9}$/);
    expect(o.poolArn).toBe(`arn:aws:cognito-idp:us-east-1:${MOCK_ACCOUNTS.dev}:userpool/${o.poolId}`);
    expect(o.endpoint).toBe(`cognito-idp.us-east-1.amazonaws.com/${o.poolId}`);
    expect(o.scopes).toEqual(['payments/read', 'payments/write']);
    expect(o.serverId).toBe(`${o.poolId}|payments`);
    expect(o.clientId).toMatch(/^[a-z0-9]{26}$/);
    expect(o.domainId).toBe(`payments-dev-merchants-${MOCK_ACCOUNTS.dev}-us-east-1`);
    expect(o.domainAccount).toBe(MOCK_ACCOUNTS.dev);
    expect(o.authorizerId).toMatch(/^[a-z0-9]{6}$/);
    expect(o.authorizerArn).toBe(
      `arn:aws:apigateway:us-east-1::/restapis/${o.apiId}/authorizers/${o.authorizerId}`,
    );
  });

  it("hand a program the app client's generated secret only as a secret", async () => {
    const { secret } = await merchantPool('dev');
    expect(await pulumi.isSecret(secret)).toBe(true);
  });

  it('seed every ID with the stack: no two environments share a pool, a client or an authorizer', async () => {
    const dev = (await merchantPool('dev')).run.outputs;
    const prod = (await merchantPool('prod')).run.outputs;
    for (const key of ['poolId', 'clientId', 'authorizerId', 'domainId']) {
      expect([key, dev[key]]).not.toEqual([key, prod[key]]);
    }
  });
});
