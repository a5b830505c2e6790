import { createNamer } from './namer';
import { DEFAULT_ORG, pulumiProjectName, secretsKeyComponent, secretsProviderUrl, stackPath } from './stacks';
import { NamingError } from './errors';

describe('Pulumi projects and stacks', () => {
  it.each([
    ['network', 'payments-network'],
    ['storage', 'payments-storage'],
    ['identity', 'payments-identity'],
    ['database', 'payments-database'],
    ['api', 'payments-api'],
  ] as const)('name the %s project %s', (domain, project) => {
    expect(pulumiProjectName(domain)).toBe(project);
  });

  it('read the upstream stack of the same environment at <org>/payments-<domain>/<env>', () => {
    expect(stackPath({ org: DEFAULT_ORG, domain: 'network', env: 'staging' })).toBe(
      'organization/payments-network/staging',
    );
    expect(stackPath({ org: 'Acme.Payments_1', domain: 'database', env: 'prod' })).toBe(
      'Acme.Payments_1/payments-database/prod',
    );
  });

  it("default to the self-managed backend's org", () => {
    expect(DEFAULT_ORG).toBe('organization');
  });

  it.each(['', '-acme', 'acme/corp', 'a'.repeat(101), 'acme corp'])('refuse the org %j', (org) => {
    expect(() => stackPath({ org, domain: 'network', env: 'dev' })).toThrow(NamingError);
    expect(() => stackPath({ org, domain: 'network', env: 'dev' })).toThrow(`Pulumi org '${org}'`);
  });

  it('refuse an unknown environment', () => {
    expect(() => stackPath({ org: DEFAULT_ORG, domain: 'network', env: 'qa' })).toThrow(
      /Unknown environment/,
    );
  });

  it('refuse an unknown domain', () => {
    expect(() => pulumiProjectName('billing' as 'api')).toThrow("Unknown domain 'billing'");
  });
});

describe('secretsProviderUrl', () => {
  it("names each stack's own key by the alias the namer makes for it", () => {
    expect(secretsProviderUrl({ env: 'prod', domain: 'database', region: 'eu-west-1' })).toBe(
      'awskms://alias/payments-prod-secrets-database?region=eu-west-1',
    );
    expect(
      `alias/${secretsProviderUrl({ env: 'dev', domain: 'api', region: 'us-east-1' }).split('alias/')[1]?.split('?')[0]}`,
    ).toBe(
      createNamer({ env: 'dev', domain: 'bootstrap', costCenter: 'x' }).physical(
        'kmsAlias',
        secretsKeyComponent('api'),
      ),
    );
  });

  it('refuses an unknown environment, domain or region', () => {
    expect(() => secretsProviderUrl({ env: 'qa', domain: 'api', region: 'us-east-1' })).toThrow(
      'Unknown environment',
    );
    expect(() => secretsProviderUrl({ env: 'dev', domain: 'billing' as 'api', region: 'us-east-1' })).toThrow(
      "Unknown domain 'billing'",
    );
    expect(() => secretsProviderUrl({ env: 'dev', domain: 'api', region: 'mars' })).toThrow("region 'mars'");
  });
});
