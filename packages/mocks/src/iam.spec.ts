import { conditionHolds, denyingStatements, statementApplies, type Request } from './iam-conditions';

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
