import { ENVIRONMENTS, OAUTH_SCOPES, loadSettings, type Environment } from '@payments/config';
import { AWS } from '@payments/aws-types';
import { CONTRACTS, contractViolations, parseMerchantClients } from '@payments/contracts';
import { environmentTokens, isValidName } from '@payments/naming';
import { MOCK_ACCOUNTS, MOCK_REGION, runStack, stringsIn, type StackRun } from '@payments/mocks';
import { createStackContext } from '@payments/stack';
import { createIdentityStack } from './stack';

const T = {
  pool: AWS.cognitoUserPool,
  client: AWS.cognitoUserPoolClient,
  server: AWS.cognitoResourceServer,
  domain: AWS.cognitoUserPoolDomain,
} as const;

const TWO_MERCHANTS = {
  identity: {
    merchants: [
      { id: 'acme-shop', scopes: ['payments/read', 'payments/write'] },
      { id: 'globex', scopes: ['payments/read'] },
    ],
  },
};

function deploy(env: Environment, overrides?: unknown): Promise<StackRun> {
  return runStack({
    project: 'payments-identity',
    stack: env,
    program: () => createIdentityStack(createStackContext('identity', loadSettings(env, overrides))),
  });
}

describe.each(ENVIRONMENTS)('the %s identity stack', (env) => {
  const prod = env === 'prod';
  const name = (component: string) => `payments-${env}-${component}`;
  let run: StackRun;
  let merchants: StackRun;
  beforeAll(async () => {
    run = await deploy(env);
    merchants = await deploy(env, TWO_MERCHANTS);
  });

  describe('by default', () => {
    it('deploys the pool, its resource server and its domain, and no app client: no merchant is configured', () => {
      expect(
        run
          .awsResources()
          .map((r) => r.type)
          .sort(),
      ).toEqual([T.server, T.pool, T.domain].sort());
      expect(run.outputs.merchantClients).toEqual([]);
    });

    it('reads no other stack', () => {
      expect(run.mocks.stackReads).toEqual([]);
    });

    it('exports exactly the declared outputs, none of them secret', () => {
      expect(Object.keys(run.outputs).sort()).toEqual(Object.keys(CONTRACTS.identity.outputs).sort());
      expect(contractViolations('identity', run.outputs)).toEqual([]);
      expect(run.secretOutputs).toEqual([]);
      const poolId = String(run.only(T.pool).id);
      expect(run.outputs).toEqual({
        userPoolId: poolId,
        userPoolArn: `arn:aws:cognito-idp:${MOCK_REGION}:${MOCK_ACCOUNTS[env]}:userpool/${poolId}`,
        issuerUrl: `https://cognito-idp.${MOCK_REGION}.amazonaws.com/${poolId}`,
        tokenEndpoint: `https://${name('merchants')}-${MOCK_ACCOUNTS[env]}-${MOCK_REGION}.auth.${MOCK_REGION}.amazoncognito.com/oauth2/token`,
        resourceServerIdentifier: 'payments',
        merchantClients: [],
      });
    });
  });

  describe('the user pool', () => {
    it('has no users: admin-created only, strong passwords, MFA, recovery through an administrator', () => {
      expect(run.only(T.pool).inputs).toMatchObject({
        name: name('merchants'),
        userPoolTier: 'LITE',
        adminCreateUserConfig: { allowAdminCreateUserOnly: true },
        passwordPolicy: {
          minimumLength: 14,
          requireLowercase: true,
          requireUppercase: true,
          requireNumbers: true,
          requireSymbols: true,
        },
        mfaConfiguration: 'ON',
        softwareTokenMfaConfiguration: { enabled: true },
        accountRecoverySetting: { recoveryMechanisms: [{ name: 'admin_only', priority: 1 }] },
      });
    });

    it(`is ${prod ? '' : 'not '}protected and has deletion protection ${prod ? 'on' : 'off'} (DESIGN-9)`, () => {
      const pool = run.only(T.pool);
      expect(pool.protect).toBe(prod);
      expect(pool.inputs.deletionProtection).toBe(prod ? 'ACTIVE' : 'INACTIVE');
    });

    it('defines the resource server payments with exactly the scopes of packages/config', () => {
      const server = run.only(T.server);
      expect(server.inputs).toMatchObject({
        identifier: 'payments',
        name: name('api'),
        userPoolId: String(run.only(T.pool).id),
      });
      const scopes = (server.inputs.scopes as { scopeName: string }[]).map((s) => `payments/${s.scopeName}`);
      expect(scopes).toEqual([...OAUTH_SCOPES]);
    });

    it('serves /oauth2/token under a prefix domain carrying the account ID and the region (DESIGN-11)', () => {
      const prefix = String(run.only(T.domain).inputs.domain);
      expect(prefix).toBe(`${name('merchants')}-${MOCK_ACCOUNTS[env]}-${MOCK_REGION}`);
      expect(isValidName('cognitoDomain', prefix)).toBe(true);
      expect(prefix).not.toMatch(/aws|amazon|cognito/);
    });
  });

  describe('with two merchants', () => {
    const clients = () => merchants.ofType(T.client);
    const clientOf = (merchant: string) => merchants.named(T.client, `merchant-${merchant}-client`);

    it('gives each merchant one app client named after it, in the pool, after the resource server', () => {
      // Registration order follows the resolution of each client's inputs: compare as sets.
      expect(
        clients()
          .map((c) => c.inputs.name)
          .sort(),
      ).toEqual([name('merchant-acme-shop'), name('merchant-globex')]);
      const server = merchants.only(T.server);
      for (const client of clients()) {
        expect(client.inputs.userPoolId).toBe(String(merchants.only(T.pool).id));
        expect(client.dependsOn).toContain(server.urn);
      }
    });

    it('allows the client credentials grant only, with a generated secret and its own scopes', () => {
      expect(clientOf('acme-shop').inputs).toEqual({
        name: name('merchant-acme-shop'),
        userPoolId: String(merchants.only(T.pool).id),
        generateSecret: true,
        allowedOauthFlowsUserPoolClient: true,
        allowedOauthFlows: ['client_credentials'],
        allowedOauthScopes: ['payments/read', 'payments/write'],
        explicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
        accessTokenValidity: 60,
        tokenValidityUnits: { accessToken: 'minutes' },
        enableTokenRevocation: true,
        preventUserExistenceErrors: 'ENABLED',
      });
      expect(clientOf('globex').inputs.allowedOauthScopes).toEqual(['payments/read']);
    });

    it(`${prod ? 'protects' : 'does not protect'} the app clients, whose replacement would void the credentials`, () => {
      for (const client of clients()) expect(client.protect).toBe(prod);
    });

    it('exports which client is which merchant, by client ID, and never a secret', () => {
      const byClient = parseMerchantClients(merchants.outputs.merchantClients as string[]);
      expect(byClient).toEqual({
        [String(clientOf('acme-shop').id)]: 'acme-shop',
        [String(clientOf('globex').id)]: 'globex',
      });
      expect(merchants.secretOutputs).toEqual([]);
      expect(JSON.stringify(merchants.outputs)).not.toMatch(/secret/i);
      for (const r of merchants.resources) expect([r.name, r.secretPaths]).toEqual([r.name, []]);
    });

    it('names every resource with its environment exactly once and no other', () => {
      for (const r of merchants.awsResources()) {
        const physical = String(r.inputs.name ?? r.inputs.domain);
        expect([r.name, environmentTokens(physical)]).toEqual([r.name, [env]]);
        const others = stringsIn(r.inputs)
          .flatMap(environmentTokens)
          .filter((token) => token !== env);
        expect([r.name, others]).toEqual([r.name, []]);
      }
    });

    it('creates everything through the stack provider', () => {
      for (const r of merchants.awsResources()) {
        expect(r.provider).toMatch(
          new RegExp(`^urn:pulumi:${env}::payments-identity::pulumi:providers:aws::aws::`),
        );
      }
    });
  });
});
