import { ID_PREFIXES, NAME_RULES, RESOURCE_KINDS, type ResourceKind } from './rules';
import {
  apiGatewayExecutionLogGroupName,
  environmentTokens,
  isApiGatewayExecutionLogGroupName,
  isRdsClusterLogGroupName,
  isValidName,
  rdsClusterLogGroupName,
  validateComponent,
  validateName,
} from './validate';
import { NamingError } from './errors';

/** Runs `fn`, expecting a NamingError, and returns its message. */
function namingErrorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(NamingError);
    return (error as NamingError).message;
  }
  throw new Error('expected a NamingError');
}

/** A valid name of the kind, for checks that change one thing about it. */
const sample = (kind: ResourceKind, body = 'payments-dev-audit'): string =>
  kind === 'kmsAlias' ? `alias/${body}` : body;

// One character each kind refuses: `%` everywhere except where AWS allows any printable character.
const BAD_CHAR: Record<ResourceKind, string> = {
  ...(Object.fromEntries(RESOURCE_KINDS.map((kind) => [kind, '%'])) as Record<ResourceKind, string>),
  restApi: '\t',
  cloudwatchAlarm: '\u0007',
};

const LOWERCASE_KINDS = RESOURCE_KINDS.filter((kind) => NAME_RULES[kind].lowercase);
const MIXED_CASE_KINDS = RESOURCE_KINDS.filter((kind) => !NAME_RULES[kind].lowercase);

describe('validateName', () => {
  it.each(RESOURCE_KINDS)('accepts a well-formed %s name and returns it unchanged', (kind) => {
    expect(validateName(kind, sample(kind))).toBe(sample(kind));
  });

  it.each(RESOURCE_KINDS)('rejects a %s name one character under the minimum length', (kind) => {
    const { minLength } = NAME_RULES[kind];
    const name = sample(kind, 'a').slice(0, minLength - 1);
    const message = namingErrorOf(() => validateName(kind, name));
    expect(message).toContain(kind);
    expect(message).toContain(`'${name}'`);
  });

  it.each(RESOURCE_KINDS)('rejects a %s name containing a character AWS does not allow', (kind) => {
    const name = sample(kind, `payments-dev-a${BAD_CHAR[kind]}b`);
    const message = namingErrorOf(() => validateName(kind, name));
    expect(message).toContain(`${kind} name`);
    expect(message).toContain(JSON.stringify(BAD_CHAR[kind]));
    expect(message).toContain(`allowed are ${NAME_RULES[kind].allowedCharacters}`);
  });

  it.each(LOWERCASE_KINDS)('rejects upper case in a %s name, which AWS requires in lower case', (kind) => {
    const message = namingErrorOf(() => validateName(kind, 'payments-dev-Audit'));
    expect(message).toContain(`${kind} name 'payments-dev-Audit'`);
    expect(message).toContain('must be lower case');
  });

  it.each(MIXED_CASE_KINDS)('accepts upper case in a %s name, where AWS allows it', (kind) => {
    expect(validateName(kind, sample(kind, 'Payments-dev-Audit'))).toBe(sample(kind, 'Payments-dev-Audit'));
  });

  it.each(RESOURCE_KINDS.flatMap((kind) => ID_PREFIXES.map((prefix) => [kind, prefix] as const)))(
    'rejects a %s name starting with the AWS ID prefix %s',
    (kind, prefix) => {
      const name = sample(kind, `${prefix}web`);
      const message = namingErrorOf(() => validateName(kind, name));
      expect(message).toContain(`${kind} name '${name}'`);
      expect(message).toContain(`prefix '${prefix}'`);
    },
  );

  it('rejects ID prefixes case-insensitively', () => {
    expect(namingErrorOf(() => validateName('iamRole', 'SG-web'))).toContain("AWS ID prefix 'sg-'");
  });

  it('does not mistake a name that merely begins like an ID prefix for one', () => {
    expect(validateName('iamRole', 'iam-role')).toBe('iam-role');
    expect(validateName('snsTopic', 'dbx-events')).toBe('dbx-events');
  });

  it('reports the length, the limit and the rule, as in the documented example', () => {
    const name = `payments-dev-${'a'.repeat(51)}`;
    expect(() => validateName('s3Bucket', name)).toThrow(
      `s3Bucket name '${name}' is 64 characters; the limit is 63 (S3 bucket names are 3-63 characters).`,
    );
  });

  it('throws for an unknown kind', () => {
    expect(namingErrorOf(() => validateName('bucket' as ResourceKind, 'x'))).toContain(
      "Unknown resource kind 'bucket'",
    );
  });

  it('counts characters, not UTF-16 code units, as AWS does', () => {
    // A letter outside the BMP: two UTF-16 code units, one character.
    const name = '𝒜'.repeat(256);
    expect(validateName('vpc', name)).toBe(name);
  });

  describe.each([
    ['s3Bucket', ['xn--payments', 'sthree-payments', 'amzn-s3-demo-payments']],
    ['kmsAlias', ['alias/aws/payments', 'alias/AWS/payments']],
    ['logGroup', ['aws/payments', '/aws/payments', '/AWS/lambda/x']],
    ['secret', ['aws/payments', 'rds!cluster-1']],
    ['securityGroup', ['sg-payments']],
  ] as const)('%s reserved prefixes', (kind, names) => {
    it.each(names)('rejects %s', (name) => {
      const message = namingErrorOf(() => validateName(kind, name));
      expect(message).toContain(`${kind} name '${name}' starts with the reserved prefix`);
    });
  });

  it.each([
    'payments-dev-audit-s3alias',
    'payments--ol-s3',
    'payments.mrap',
    'payments--x-s3',
    'payments--table-s3',
  ])('rejects the reserved S3 bucket suffix in %s', (name) => {
    expect(namingErrorOf(() => validateName('s3Bucket', name))).toContain('reserved suffix');
  });

  it.each(['payments-dev-aws-1', 'laws-payments', 'payments-amazon', 'payments-dev-cognito', 'payments-AWS'])(
    "rejects the Cognito domain prefix %s: Cognito refuses 'aws', 'amazon' and 'cognito' anywhere in it",
    (name) => {
      const message = namingErrorOf(() => validateName('cognitoDomain', name.toLowerCase()));
      expect(message).toMatch(/contains the reserved word '(aws|amazon|cognito)'/);
    },
  );

  it("accepts Cognito's own example and a 63-character prefix, and refuses 64 or a hyphen at either end", () => {
    expect(validateName('cognitoDomain', 'myprefix')).toBe('myprefix');
    expect(validateName('cognitoDomain', 'a'.repeat(63))).toHaveLength(63);
    expect(namingErrorOf(() => validateName('cognitoDomain', 'a'.repeat(64)))).toContain('the limit is 63');
    expect(namingErrorOf(() => validateName('cognitoDomain', '-payments'))).toContain('must start with');
    expect(namingErrorOf(() => validateName('cognitoDomain', 'payments-'))).toContain('must end with');
  });

  it('rejects dots in bucket names, which break TLS for virtual-hosted-style requests', () => {
    expect(namingErrorOf(() => validateName('s3Bucket', 'payments.dev.audit'))).toContain('"."');
  });

  it.each([
    ['s3Bucket', '-payments', 'must start with a letter or digit'],
    ['s3Bucket', 'payments-', 'must end with a letter or digit'],
    ['rdsCluster', '1payments', 'must start with a letter'],
    ['rdsCluster', 'payments-', 'must end with a letter or digit'],
    ['rdsInstance', 'payments--db', 'consecutive hyphens'],
    ['rdsClusterParameterGroup', 'payments--pg', 'consecutive hyphens'],
    ['dbParameterGroup', '9payments', 'must start with a letter'],
    ['dbParameterGroup', 'payments-pg-', 'must end with a letter or digit'],
  ] as const)('rejects %s name %s: it %s', (kind, name, problem) => {
    const message = namingErrorOf(() => validateName(kind, name));
    expect(message).toContain(`${kind} name '${name}'`);
    expect(message).toContain(problem);
  });

  it.each(['default', 'DEFAULT'])('rejects the reserved DB subnet group name %s', (name) => {
    expect(namingErrorOf(() => validateName('dbSubnetGroup', name))).toContain('is reserved');
  });

  it('allows spaces, dots and underscores in DB subnet group names', () => {
    expect(validateName('dbSubnetGroup', 'payments dev_db.subnets')).toBe('payments dev_db.subnets');
  });

  it('requires KMS aliases to start with alias/', () => {
    expect(namingErrorOf(() => validateName('kmsAlias', 'payments-dev-key'))).toContain(
      "start with 'alias/'",
    );
  });

  it('checks the part after alias/ for AWS ID prefixes', () => {
    expect(namingErrorOf(() => validateName('kmsAlias', 'alias/vpc-key'))).toContain("AWS ID prefix 'vpc-'");
  });

  it.each(['payments-dev-master', 'payments-dev-a1b2c3', 'payments-dev-db', 'payments-dev-db-x-y-z1'])(
    'rejects a secret name %s ending in a hyphen and six characters, which clashes with the ARN suffix',
    (name) => {
      expect(namingErrorOf(() => validateName('secret', name))).toContain(
        'hyphen followed by six characters',
      );
    },
  );

  it.each(['payments-dev-api-key', 'payments-dev-credentials', 'payments/dev/db_master'])(
    'accepts the secret name %s',
    (name) => {
      expect(validateName('secret', name)).toBe(name);
    },
  );

  it('allows the characters security groups accept and nothing else', () => {
    expect(validateName('securityGroup', 'payments dev (db) #1: [a]+b=c&d;{e}!$*')).toBeTruthy();
    expect(namingErrorOf(() => validateName('securityGroup', 'payments~dev'))).toContain('"~"');
  });

  it('answers isValidName without throwing', () => {
    expect(isValidName('s3Bucket', 'payments-dev-audit')).toBe(true);
    expect(isValidName('s3Bucket', 'Payments')).toBe(false);
  });
});

describe('NAME_RULES', () => {
  it.each(RESOURCE_KINDS)(
    'declares a %s rule whose pattern is a character class, as the validator expects',
    (kind) => {
      const rule = NAME_RULES[kind];
      expect(rule.pattern.source).toMatch(/^\^\[.*\]\+\$$/);
      expect(rule.minLength).toBeGreaterThanOrEqual(1);
      expect(rule.maxLength).toBeGreaterThan(rule.minLength);
      expect(rule.description).toContain(`${rule.minLength}-${rule.maxLength}`);
    },
  );
});

describe('validateComponent', () => {
  it.each(['audit', 'audit-logs', 'a1', 'flow-logs-2'])(
    'accepts the kebab-case component %s',
    (component) => {
      expect(validateComponent(component)).toBe(component);
    },
  );

  it.each(['Audit', 'audit_logs', 'audit--logs', '-audit', 'audit-', '1audit', '', 'audit.logs'])(
    'rejects %j, which is not lowercase kebab-case',
    (component) => {
      expect(namingErrorOf(() => validateComponent(component))).toContain('lowercase kebab-case');
    },
  );

  it.each(['dev', 'prod-audit', 'audit-staging', 'db-prod-1'])(
    'rejects %s, which contains an environment token',
    (component) => {
      expect(namingErrorOf(() => validateComponent(component))).toContain('environment token');
    },
  );

  it.each(['development', 'production', 'devices', 'products'])(
    'accepts %s, where the environment is only part of a word',
    (component) => {
      expect(validateComponent(component)).toBe(component);
    },
  );
});

describe('environmentTokens', () => {
  it.each([
    ['payments-dev-audit', ['dev']],
    ['payments.staging.audit', ['staging']],
    ['/payments/prod/api', ['prod']],
    ['payments_dev_x', ['dev']],
    ['payments-dev-prod-audit', ['dev', 'prod']],
    ['payments-dev-dev', ['dev', 'dev']],
    ['Payments-PROD-audit', ['prod']],
    ['payments-development-products', []],
    ['payments', []],
  ] as const)('finds in %s the environment tokens %j', (name, expected) => {
    expect(environmentTokens(name)).toEqual(expected);
  });
});

describe('rdsClusterLogGroupName', () => {
  it.each(['postgresql', 'iam-db-auth-error', 'instance'] as const)(
    'builds the exact path RDS writes %s logs to',
    (logType) => {
      expect(rdsClusterLogGroupName('payments-dev-db', logType)).toBe(
        `/aws/rds/cluster/payments-dev-db/${logType}`,
      );
    },
  );

  it('validates the cluster identifier with the RDS cluster rules', () => {
    const message = namingErrorOf(() => rdsClusterLogGroupName('Payments_db', 'postgresql'));
    expect(message).toContain("rdsCluster name 'Payments_db'");
  });

  it('rejects a log type Aurora PostgreSQL does not export', () => {
    expect(namingErrorOf(() => rdsClusterLogGroupName('payments-dev-db', 'audit' as 'postgresql'))).toContain(
      "log type 'audit'",
    );
  });

  it('is the only way to a log group under /aws/', () => {
    expect(() => validateName('logGroup', rdsClusterLogGroupName('payments-dev-db', 'postgresql'))).toThrow(
      NamingError,
    );
  });

  it('recognises exactly the names it builds', () => {
    expect(isRdsClusterLogGroupName(rdsClusterLogGroupName('payments-dev-db', 'postgresql'))).toBe(true);
    expect(isRdsClusterLogGroupName('/aws/rds/cluster/payments-dev-db/audit')).toBe(false);
    expect(isRdsClusterLogGroupName('/aws/rds/cluster/Bad--id/postgresql')).toBe(false);
    expect(isRdsClusterLogGroupName('/aws/lambda/payments-dev-handler')).toBe(false);
  });
});

describe('apiGatewayExecutionLogGroupName', () => {
  it('is the name API Gateway writes execution logs to', () => {
    expect(apiGatewayExecutionLogGroupName('a1b2c3d4e5', 'v1')).toBe(
      'API-Gateway-Execution-Logs_a1b2c3d4e5/v1',
    );
    expect(isApiGatewayExecutionLogGroupName('API-Gateway-Execution-Logs_a1b2c3d4e5/v1')).toBe(true);
  });

  it.each(['', 'A1B2', 'a1-b2', 'a1/b2'])('refuses the REST API ID %j', (id) => {
    expect(namingErrorOf(() => apiGatewayExecutionLogGroupName(id, 'v1'))).toContain(
      `REST API ID '${id}' is not an API Gateway ID`,
    );
  });

  it('refuses a stage name API Gateway would refuse', () => {
    expect(namingErrorOf(() => apiGatewayExecutionLogGroupName('a1b2c3d4e5', 'v 1'))).toContain(
      "apiStage name 'v 1'",
    );
  });

  it.each([
    'API-Gateway-Execution-Logs_a1b2c3d4e5',
    'API-Gateway-Execution-Logs_a1b2c3d4e5/v1/x',
    'API-Gateway-Execution-Logs_/v1',
    'payments-dev-api-access',
  ])('does not take %s for an execution log group', (name) => {
    expect(isApiGatewayExecutionLogGroupName(name)).toBe(false);
  });
});
