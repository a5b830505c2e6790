import {
  authorize,
  conditionHolds,
  decide,
  denyingStatements,
  principalMatches,
  resourceMatches,
  statementApplies,
  type PolicyDocument,
  type Principal,
  type Request,
  type Statement,
} from './iam';

// The evaluator against AWS's documented semantics, one rule at a time.

const request = (keys: Record<string, string | undefined>): Request => ({
  action: 's3:PutObject',
  resource: 'arn:aws:s3:::b/k',
  keys,
});

describe('conditionHolds', () => {
  it('holds for no condition', () => {
    expect(conditionHolds(undefined, request({}))).toBe(true);
  });

  it.each([
    ['StringEquals', 'a', 'a', true],
    ['StringEquals', 'a', 'b', false],
    ['StringEquals', 'a', undefined, false],
    ['StringNotEquals', 'a', 'b', true],
    ['StringNotEquals', 'a', 'a', false],
    // A negated operator holds when the key is absent.
    ['StringNotEquals', 'a', undefined, true],
    ['StringEqualsIfExists', 'a', undefined, true],
    ['StringEqualsIfExists', 'a', 'b', false],
    ['StringNotEqualsIfExists', 'a', undefined, true],
    ['StringNotEqualsIfExists', 'a', 'a', false],
    ['StringLike', 'a*', 'abc', true],
    ['StringLike', 'a?c', 'abc', true],
    ['StringLike', 'a?c', 'abbc', false],
    ['ArnLike', 'arn:aws:logs:*:1:log-group:API-*', 'arn:aws:logs:us-east-1:1:log-group:API-x/v1', true],
    ['ArnEquals', 'arn:aws:kms:r:1:key/a', 'arn:aws:kms:r:1:key/b', false],
    ['Bool', 'false', 'false', true],
    ['Bool', 'false', 'true', false],
    ['Bool', 'false', undefined, false],
  ] as const)('%s %j against %j: %s', (operator, policyValue, value, holds) => {
    expect(conditionHolds({ [operator]: { k: policyValue } }, request({ k: value }))).toBe(holds);
  });

  it('reads Null as "the key is absent" (true) or "present" (false)', () => {
    expect(conditionHolds({ Null: { k: 'true' } }, request({}))).toBe(true);
    expect(conditionHolds({ Null: { k: 'true' } }, request({ k: 'x' }))).toBe(false);
    expect(conditionHolds({ Null: { k: 'false' } }, request({ k: 'x' }))).toBe(true);
    expect(conditionHolds({ Null: { k: 'false' } }, request({}))).toBe(false);
  });

  it('ORs the values of one key, and NORs them for a negated operator', () => {
    expect(conditionHolds({ StringEquals: { k: ['a', 'b'] } }, request({ k: 'b' }))).toBe(true);
    expect(conditionHolds({ StringNotEquals: { k: ['a', 'b'] } }, request({ k: 'b' }))).toBe(false);
    expect(conditionHolds({ StringNotEquals: { k: ['a', 'b'] } }, request({ k: 'c' }))).toBe(true);
  });

  it('ANDs the keys of an operator and the operators of a block', () => {
    const block = { StringNotEquals: { k: 'a' }, Null: { k: 'false' } };
    expect(conditionHolds(block, request({ k: 'b' }))).toBe(true);
    expect(conditionHolds(block, request({}))).toBe(false);
    expect(conditionHolds({ Null: { k: 'false', j: 'true' } }, request({ k: 'x', j: 'y' }))).toBe(false);
  });

  it('refuses an operator it does not implement, rather than guess', () => {
    expect(() => conditionHolds({ 'ForAnyValue:StringEquals': { k: 'a' } }, request({ k: 'a' }))).toThrow(
      'not supported',
    );
  });
});

describe('statementApplies and denyingStatements', () => {
  const deny = {
    Sid: 'DenyPut',
    Effect: 'Deny' as const,
    Principal: '*',
    Action: 's3:PutObject',
    Resource: 'arn:aws:s3:::b/*',
  };

  it('matches the action case-insensitively and the resource by wildcard', () => {
    expect(statementApplies({ ...deny, Action: 's3:putobject' }, request({}))).toBe(true);
    expect(statementApplies(deny, { ...request({}), resource: 'arn:aws:s3:::other/k' })).toBe(false);
    expect(statementApplies(deny, { ...request({}), action: 's3:GetObject' })).toBe(false);
  });

  it('lists only the Deny statements that apply', () => {
    const policy = { Statement: [deny, { ...deny, Sid: 'Allow', Effect: 'Allow' as const }] };
    expect(denyingStatements(policy, request({}))).toEqual(['DenyPut']);
  });
});

describe('resourceMatches (wildcards within ARN segments)', () => {
  it.each([
    ['*', 'arn:aws:s3:::b/k', true],
    ['arn:aws:s3:::b/*', 'arn:aws:s3:::b/a/b/c', true],
    ['arn:aws:s3:::b/*', 'arn:aws:s3:::c/k', false],
    // A * that ends its segment may run past the colons ...
    ['arn:aws:rds-db:us-east-1:1:dbuser:*', 'arn:aws:rds-db:us-east-1:1:dbuser:cluster-A/payments_app', true],
    ['arn:aws:logs:*', 'arn:aws:logs:us-east-1:1:log-group:x:*', true],
    // ... one inside a segment may not.
    ['arn:aws:rds-db:us-*-1:1:dbuser:c/u', 'arn:aws:rds-db:us-east-1:1:dbuser:c/u', true],
    ['arn:aws:rds-db:u*1:1:dbuser:c/u', 'arn:aws:rds-db:us-east-1:1:dbuser:c/u', true],
    ['arn:aws:rds-db:u*1:dbuser:c/u', 'arn:aws:rds-db:us-east-1:1:dbuser:c/u', false],
    ['arn:aws:rds-db:us-east-?:1:dbuser:c/u', 'arn:aws:rds-db:us-east-1:1:dbuser:c/u', true],
    // Case-sensitive, unlike actions.
    [
      'arn:aws:rds-db:us-east-1:1:dbuser:c/Payments_App',
      'arn:aws:rds-db:us-east-1:1:dbuser:c/payments_app',
      false,
    ],
  ])('%s against %s: %s', (pattern, resource, matches) => {
    expect(resourceMatches(pattern, resource)).toBe(matches);
  });
});

describe('decide (evaluation logic within one account)', () => {
  const connect = {
    action: 'rds-db:connect',
    resource: 'arn:aws:rds-db:us-east-1:111122223333:dbuser:cluster-ABC/payments_app',
  };
  const allowConnect = {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Connect', Effect: 'Allow' as const, Action: 'rds-db:connect', Resource: connect.resource },
    ],
  };

  it('allows what an Allow statement covers, and denies everything else implicitly', () => {
    expect(decide(allowConnect, connect)).toBe('allow');
    expect(
      decide(allowConnect, { ...connect, resource: connect.resource.replace('payments_app', 'dbadmin') }),
    ).toBe('implicit-deny');
    expect(decide(allowConnect, { ...connect, action: 'secretsmanager:GetSecretValue' })).toBe(
      'implicit-deny',
    );
    expect(decide([], connect)).toBe('implicit-deny');
  });

  it('lets an explicit Deny in any policy win over an Allow', () => {
    const deny = { Statement: { Effect: 'Deny' as const, Action: 'rds-db:*', Resource: '*' } };
    expect(decide([allowConnect, deny], connect)).toBe('explicit-deny');
  });

  it('reads NotAction and NotResource as every action or resource they do not list', () => {
    const allExceptIam = { Statement: [{ Effect: 'Allow' as const, NotAction: 'iam:*', Resource: '*' }] };
    expect(decide(allExceptIam, connect)).toBe('allow');
    expect(decide(allExceptIam, { ...connect, action: 'iam:PassRole' })).toBe('implicit-deny');
    const notThere = {
      Statement: [{ Effect: 'Allow' as const, Action: '*', NotResource: connect.resource }],
    };
    expect(decide(notThere, connect)).toBe('implicit-deny');
  });

  it('applies a statement only when its condition holds', () => {
    const scoped = {
      Statement: [
        { ...allowConnect.Statement[0]!, Condition: { StringEquals: { 'aws:SourceVpc': 'vpc-1' } } },
      ],
    };
    expect(decide(scoped, connect)).toBe('implicit-deny');
    expect(decide(scoped, { ...connect, keys: { 'aws:SourceVpc': 'vpc-1' } })).toBe('allow');
  });

  it('refuses a statement with both or neither of Action and NotAction, rather than guess', () => {
    const both = {
      Statement: [{ Effect: 'Allow' as const, Action: '*', NotAction: 'iam:*', Resource: '*' }],
    };
    expect(() => decide(both, connect)).toThrow('exactly one of Action and NotAction');
    const neither = { Statement: [{ Effect: 'Allow' as const, Resource: '*' }] };
    expect(() => decide(neither, connect)).toThrow('exactly one of Action and NotAction');
  });
});

describe('principals and resource policies', () => {
  const role = { kind: 'role', arn: 'arn:aws:iam::111122223333:role/app' } as const;
  const otherAccount = { kind: 'role', arn: 'arn:aws:iam::444455556666:role/app' } as const;
  const logs = { kind: 'service', service: 'logs.us-east-1.amazonaws.com' } as const;
  const statement = (Principal: unknown): Statement => ({
    Effect: 'Allow',
    Principal,
    Action: 'kms:Decrypt',
    Resource: '*',
  });

  // reference_policies_elements_principal.html: "arn:aws:iam::123456789012:root" and "123456789012" both name the
  // account, which delegates to its IAM policies; "*" names everyone; a service principal names that service.
  it.each([
    ['the account by ARN', { AWS: 'arn:aws:iam::111122223333:root' }, role, true],
    ['the account by ID', { AWS: '111122223333' }, role, true],
    ['the role itself', { AWS: ['arn:aws:iam::111122223333:role/app'] }, role, true],
    ['another account', { AWS: 'arn:aws:iam::111122223333:root' }, otherAccount, false],
    ['everyone', '*', otherAccount, true],
    ['everyone in AWS', { AWS: '*' }, otherAccount, true],
    ['the service', { Service: 'logs.us-east-1.amazonaws.com' }, logs, true],
    ['another service', { Service: 'cloudwatch.amazonaws.com' }, logs, false],
    ['a service, for a role', { Service: 'logs.us-east-1.amazonaws.com' }, role, false],
  ] as const)('%s', (_title, principal, who, expected) => {
    expect(principalMatches(statement(principal), who)).toBe(expected);
  });

  it('refuses NotPrincipal rather than guess', () => {
    expect(() =>
      principalMatches({ ...statement('*'), NotPrincipal: { AWS: 'x' } } as Statement, role),
    ).toThrow(/NotPrincipal/);
  });

  // KMS developer guide, "Default key policy": the statement naming the account "enables IAM policies"; a principal
  // then needs an IAM policy too. A key policy naming the principal (or "*") allows by itself.
  const keyPolicy = (Principal: unknown, Condition?: Statement['Condition']): PolicyDocument => ({
    Statement: [
      { Effect: 'Allow', Principal, Action: 'kms:*', Resource: '*', ...(Condition ? { Condition } : {}) },
    ],
  });
  const allowDecrypt: PolicyDocument = {
    Statement: [
      { Effect: 'Allow', Action: 'kms:Decrypt', Resource: 'arn:aws:kms:us-east-1:111122223333:key/k' },
    ],
  };
  const kms = (resourcePolicy: PolicyDocument, identity: PolicyDocument[], principal: Principal = role) =>
    authorize({
      kind: 'kms',
      principal,
      action: 'kms:Decrypt',
      resource: 'arn:aws:kms:us-east-1:111122223333:key/k',
      identity,
      resourcePolicy,
    });

  it('KMS: the account statement plus an IAM policy allows; without the IAM policy it does not', () => {
    expect(kms(keyPolicy({ AWS: 'arn:aws:iam::111122223333:root' }), [allowDecrypt])).toBe('allow');
    expect(kms(keyPolicy({ AWS: 'arn:aws:iam::111122223333:root' }), [])).toBe('implicit-deny');
  });

  it('KMS: an IAM policy alone never allows; the key policy naming the role does', () => {
    expect(kms({ Statement: [] }, [allowDecrypt])).toBe('implicit-deny');
    expect(kms(keyPolicy({ AWS: 'arn:aws:iam::111122223333:role/app' }), [])).toBe('allow');
  });

  it('KMS: a service principal is allowed by the key policy alone, under its condition', () => {
    const policy = keyPolicy(
      { Service: 'logs.us-east-1.amazonaws.com' },
      {
        ArnEquals: {
          'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:us-east-1:111122223333:log-group:a',
        },
      },
    );
    const decideFor = (group: string) =>
      authorize({
        kind: 'kms',
        principal: logs,
        action: 'kms:Decrypt',
        resource: 'arn:aws:kms:us-east-1:111122223333:key/k',
        keys: {
          'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:us-east-1:111122223333:log-group:${group}`,
        },
        identity: [],
        resourcePolicy: policy,
      });
    expect(decideFor('a')).toBe('allow');
    expect(decideFor('b')).toBe('implicit-deny');
  });

  // Policy evaluation logic, same account: an identity-based or a resource-based Allow suffices; any explicit deny wins.
  const s3 = (resourcePolicy: PolicyDocument | undefined, identity: PolicyDocument[], keys = {}) =>
    authorize({
      kind: 'resource',
      principal: role,
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::b/k',
      keys,
      identity,
      resourcePolicy,
    });
  const allowGet: PolicyDocument = {
    Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }],
  };

  it('S3 in one account: the bucket policy naming the role, or the role policy, each allow alone', () => {
    const byBucket: Statement = {
      Effect: 'Allow',
      Principal: { AWS: role.arn },
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::b/*',
    };
    expect(s3({ Statement: [byBucket] }, [])).toBe('allow');
    expect(s3(undefined, [allowGet])).toBe('allow');
    expect(s3(undefined, [])).toBe('implicit-deny');
  });

  it('S3: a Deny of the bucket policy for everyone wins over the role policy', () => {
    const denyHttp: PolicyDocument = {
      Statement: [
        {
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: 'arn:aws:s3:::b/*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
      ],
    };
    expect(s3(denyHttp, [allowGet], { 'aws:SecureTransport': 'false' })).toBe('explicit-deny');
    expect(s3(denyHttp, [allowGet], { 'aws:SecureTransport': 'true' })).toBe('allow');
  });
});
