import { ENVIRONMENTS } from '@payments/config';
import { NamingError } from './errors';
import { createNamer, parseGlobalName } from './namer';
import { GLOBAL_RESOURCE_KINDS, NAME_RULES, RESOURCE_KINDS, type ResourceKind } from './rules';
import { environmentTokens } from './validate';

const namer = createNamer({ env: 'dev', domain: 'storage', costCenter: 'payments-platform' });

/** The kinds named per account and region, by `physical`; the global ones go through `globalPhysical`. */
const REGIONAL_KINDS = RESOURCE_KINDS.filter(
  (kind: ResourceKind) => !(GLOBAL_RESOURCE_KINDS as readonly string[]).includes(kind),
);

function namingErrorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(NamingError);
    return (error as NamingError).message;
  }
  throw new Error('expected a NamingError');
}

describe('createNamer', () => {
  it.each(ENVIRONMENTS)('binds the %s environment and the domain', (env) => {
    const bound = createNamer({ env, domain: 'network', costCenter: 'cc' });
    expect(bound.env).toBe(env);
    expect(bound.domain).toBe('network');
  });

  it.each(['qa', 'Prod', '', 'production'])('refuses the unknown environment %j', (env) => {
    expect(() => createNamer({ env, domain: 'network', costCenter: 'cc' })).toThrow(/Unknown environment/);
  });

  it('refuses an unknown domain', () => {
    expect(() => createNamer({ env: 'dev', domain: 'billing' as 'api', costCenter: 'cc' })).toThrow(
      "Unknown domain 'billing'",
    );
  });

  it('refuses an empty cost center', () => {
    expect(() => createNamer({ env: 'dev', domain: 'api', costCenter: ' ' })).toThrow(/CostCenter/);
  });
});

describe('physical names', () => {
  it('are payments-<env>-<component>', () => {
    expect(namer.physical('logGroup', 'audit')).toBe('payments-dev-audit');
    expect(
      createNamer({ env: 'prod', domain: 'database', costCenter: 'cc' }).physical('rdsCluster', 'db'),
    ).toBe('payments-prod-db');
  });

  it('put KMS aliases in the alias/ namespace', () => {
    expect(namer.physical('kmsAlias', 'storage')).toBe('alias/payments-dev-storage');
  });

  it.each(REGIONAL_KINDS)('contain the environment exactly once for %s', (kind) => {
    expect(environmentTokens(namer.physical(kind, 'audit-logs'))).toEqual(['dev']);
  });

  describe.each(REGIONAL_KINDS)('for %s', (kind) => {
    const { maxLength } = NAME_RULES[kind];
    // Everything physical() adds around the component: prefix, env and (for aliases) the namespace.
    const overhead = namer.physical(kind, 'a').length - 1;
    const atLimit = 'a'.repeat(maxLength - overhead);

    it(`pass at exactly ${maxLength} characters`, () => {
      expect(namer.physical(kind, atLimit)).toHaveLength(maxLength);
    });

    it(`fail one character over ${maxLength}, naming the kind, the name and the limit`, () => {
      const message = namingErrorOf(() => namer.physical(kind, `${atLimit}a`));
      const name = `${kind === 'kmsAlias' ? 'alias/' : ''}payments-dev-${atLimit}a`;
      expect(message).toContain(
        `${kind} name '${name}' is ${maxLength + 1} characters; the limit is ${maxLength}`,
      );
      expect(message).toContain(`(${NAME_RULES[kind].description})`);
    });
  });

  it.each(['prod-audit', 'audit-staging', 'dev'])(
    'refuse a component containing an environment: %s',
    (component) => {
      const message = namingErrorOf(() => namer.physical('logGroup', component));
      expect(message).toContain(`logGroup component '${component}'`);
      expect(message).toContain('environment token');
    },
  );

  it.each(['Audit', 'audit_logs', 'audit--logs', 'audit.logs', ''])(
    'refuse a component %j that is not lowercase kebab-case',
    (component) => {
      expect(namingErrorOf(() => namer.physical('iamRole', component))).toContain('lowercase kebab-case');
    },
  );

  it.each(GLOBAL_RESOURCE_KINDS)(
    'refuse %s, whose names are global, naming globalPhysical (DESIGN-11)',
    (kind) => {
      const message = namingErrorOf(() => namer.physical(kind, 'audit'));
      expect(message).toContain(`${kind} names are unique across all AWS accounts`);
      expect(message).toContain(`namer.globalPhysical('${kind}', 'audit', { accountId, region })`);
    },
  );

  it('refuse a secret whose component ends like the ARN suffix', () => {
    expect(namingErrorOf(() => namer.physical('secret', 'db-master'))).toContain('six characters');
  });

  it('refuse an unknown kind', () => {
    expect(namingErrorOf(() => namer.physical('queue' as 'logGroup', 'jobs'))).toContain(
      "Unknown resource kind 'queue'",
    );
  });
});

describe('globally unique names (DESIGN-11)', () => {
  const scope = { accountId: '123456789012', region: 'us-east-1' };

  it('are payments-<env>-<component>-<account>-<region>', () => {
    expect(namer.globalPhysical('s3Bucket', 'audit', scope)).toBe(
      'payments-dev-audit-123456789012-us-east-1',
    );
    expect(
      createNamer({ env: 'prod', domain: 'storage', costCenter: 'cc' }).globalPhysical('s3Bucket', 'audit', {
        accountId: '777788889999',
        region: 'eu-central-1',
      }),
    ).toBe('payments-prod-audit-777788889999-eu-central-1');
  });

  it('contain the environment exactly once and parse back into their parts', () => {
    const name = namer.globalPhysical('s3Bucket', 'audit-logs', scope);
    expect(environmentTokens(name)).toEqual(['dev']);
    expect(parseGlobalName(name)).toEqual({
      env: 'dev',
      rest: 'audit-logs',
      accountId: '123456789012',
      region: 'us-east-1',
    });
    expect(parseGlobalName('payments-dev-audit')).toBeUndefined();
    expect(parseGlobalName('payments-dev-audit-us-east-1')).toBeUndefined();
  });

  // Everything around the component: `payments-<env>-` before, `-<12 digits>-<region>` after.
  const limitCases = [
    ['dev', 'us-east-1'],
    ['staging', 'us-east-1'],
    ['prod', 'us-east-1'],
    ['staging', 'ap-southeast-2'],
    ['prod', 'us-gov-west-1'],
  ] as const;

  describe.each(limitCases)('in %s, %s', (env, region) => {
    const bound = createNamer({ env, domain: 'storage', costCenter: 'cc' });
    const where = { accountId: '123456789012', region };
    const overhead = `payments-${env}-`.length + `-123456789012-${region}`.length;
    const atLimit = 'a'.repeat(NAME_RULES.s3Bucket.maxLength - overhead);

    it(`pass at exactly 63 characters (a ${atLimit.length}-character component)`, () => {
      expect(bound.globalPhysical('s3Bucket', atLimit, where)).toHaveLength(63);
    });

    it('fail one character over 63, naming the name and the limit', () => {
      const message = namingErrorOf(() => bound.globalPhysical('s3Bucket', `${atLimit}a`, where));
      expect(message).toContain(
        `s3Bucket name 'payments-${env}-${atLimit}a-123456789012-${region}' is 64 characters; the limit is 63`,
      );
    });
  });

  it.each(['12345678901', '1234567890123', 'abcdefghijkl', '', undefined])(
    'refuse the account ID %j',
    (accountId) => {
      const message = namingErrorOf(() =>
        namer.globalPhysical('s3Bucket', 'audit', { accountId: accountId as string, region: 'us-east-1' }),
      );
      expect(message).toContain(`account ID '${String(accountId)}' is not a 12-digit AWS account ID`);
    },
  );

  it.each(['US-EAST-1', 'us-east', 'useast1', ''])('refuse the region %j', (region) => {
    const message = namingErrorOf(() =>
      namer.globalPhysical('s3Bucket', 'audit', { accountId: '123456789012', region }),
    );
    expect(message).toContain(`region '${region}' is not an AWS region code`);
  });

  it("make the user pool's Cognito domain prefix the same way, within Cognito's 63 characters", () => {
    const prefix = createNamer({ env: 'staging', domain: 'identity', costCenter: 'cc' }).globalPhysical(
      'cognitoDomain',
      'merchants',
      { accountId: '444455556666', region: 'ap-southeast-2' },
    );
    expect(prefix).toBe('payments-staging-merchants-444455556666-ap-southeast-2');
    expect(prefix.length).toBeLessThanOrEqual(63);
    expect(parseGlobalName(prefix)).toMatchObject({ env: 'staging', rest: 'merchants' });
  });

  it("refuse a Cognito domain component with one of Cognito's reserved words", () => {
    for (const word of ['aws', 'amazon', 'cognito']) {
      expect(namingErrorOf(() => namer.globalPhysical('cognitoDomain', `${word}-auth`, scope))).toContain(
        `contains the reserved word '${word}'`,
      );
    }
  });

  it('refuse a kind whose names are not global', () => {
    expect(namingErrorOf(() => namer.globalPhysical('logGroup' as 's3Bucket', 'audit', scope))).toContain(
      "use namer.physical('logGroup', ...)",
    );
  });

  it('refuse a component with an environment', () => {
    expect(namingErrorOf(() => namer.globalPhysical('s3Bucket', 'prod-audit', scope))).toContain(
      'environment token',
    );
  });
});

describe('logical names', () => {
  it('are the component itself', () => {
    expect(namer.logical('audit-bucket')).toBe('audit-bucket');
  });

  it.each(['AuditBucket', 'audit_bucket', 'audit-', ''])('refuse %j, which is not kebab-case', (name) => {
    expect(namingErrorOf(() => namer.logical(name))).toContain(`logical name '${name}'`);
  });

  it.each(['audit-dev', 'prod', 'staging-db'])('refuse %s, which contains an environment', (name) => {
    expect(namingErrorOf(() => namer.logical(name))).toContain('environment token');
  });

  it('refuse an AWS ID prefix, since Pulumi auto-names resources from logical names', () => {
    expect(namingErrorOf(() => namer.logical('sg-web'))).toContain("AWS ID prefix 'sg-'");
  });
});

describe('tags', () => {
  it('carry all six standard keys', () => {
    expect(namer.tags()).toEqual({
      Project: 'payments',
      Environment: 'dev',
      Domain: 'storage',
      ManagedBy: 'pulumi',
      CostCenter: 'payments-platform',
      DataClassification: 'confidential',
    });
  });

  it('refuse a cost center AWS would not accept as a tag value', () => {
    const withCostCenter = (costCenter: string) => () =>
      createNamer({ env: 'dev', domain: 'api', costCenter });
    expect(namingErrorOf(withCostCenter('x'.repeat(257)))).toContain('the limit is 256');
    expect(namingErrorOf(withCostCenter('a;b'))).toContain('characters outside');
  });

  it('classify each domain by what it holds', () => {
    const classification = (domain: 'network' | 'storage' | 'database' | 'api') =>
      createNamer({ env: 'prod', domain, costCenter: 'cc' }).tags().DataClassification;
    expect(classification('network')).toBe('internal');
    expect(classification('api')).toBe('restricted');
  });
});
