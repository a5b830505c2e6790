// A small evaluator of the IAM policy elements this stack's policies use, so tests assert what a policy does to a
// request rather than what its JSON looks like. It follows AWS's documented semantics
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html and
// reference_policies_condition-logic-multiple-context-keys-or-values.html):
// - the operators of a Condition block, and the keys under one operator, must all match (AND);
// - several values for one key match if any matches (OR), and a negated operator matches only if none does;
// - a key absent from the request: a positive operator (StringEquals, ArnLike, Bool) does not match, a negated
//   one (StringNotEquals, ArnNotLike) matches, an ...IfExists operator matches, and `Null` matches `true` only
//   when the key is absent and `false` only when it is present.
// It covers single-valued keys only; anything else it does not know throws, so a test cannot pass by accident.

/** The request as IAM sees it: the action, the resource and the condition keys present (absent = undefined). */
export interface Request {
  action: string;
  resource: string;
  keys: Readonly<Record<string, string | undefined>>;
}

export interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: unknown;
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string | boolean | (string | boolean)[]>>;
}

const list = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** IAM's wildcards: `*` any run of characters, `?` any one character. */
function globMatches(pattern: string, value: string, ignoreCase = false): boolean {
  const source = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\/]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, ignoreCase ? 'i' : '').test(value);
}

type Matcher = (policyValue: string, requestValue: string) => boolean;

/** The base operators, by name, with whether they are negated. */
const OPERATORS: Record<string, { match: Matcher; negated: boolean }> = {
  StringEquals: { match: (p, v) => p === v, negated: false },
  StringNotEquals: { match: (p, v) => p === v, negated: true },
  StringLike: { match: (p, v) => globMatches(p, v), negated: false },
  StringNotLike: { match: (p, v) => globMatches(p, v), negated: true },
  ArnEquals: { match: (p, v) => p === v, negated: false },
  ArnNotEquals: { match: (p, v) => p === v, negated: true },
  ArnLike: { match: (p, v) => globMatches(p, v), negated: false },
  ArnNotLike: { match: (p, v) => globMatches(p, v), negated: true },
  Bool: { match: (p, v) => p.toLowerCase() === v.toLowerCase(), negated: false },
};

function operatorMatches(operator: string, key: string, values: string[], request: Request): boolean {
  const present = Object.hasOwn(request.keys, key) && request.keys[key] !== undefined;
  if (operator === 'Null') {
    if (values.length !== 1 || !['true', 'false'].includes(values[0] as string)) {
      throw new Error(`Null on ${key} takes 'true' or 'false', got ${JSON.stringify(values)}`);
    }
    return values[0] === 'true' ? !present : present;
  }
  const ifExists = operator.endsWith('IfExists');
  const base = OPERATORS[ifExists ? operator.slice(0, -'IfExists'.length) : operator];
  if (!base) throw new Error(`condition operator ${operator} is not supported by this evaluator`);
  if (!present) return ifExists || base.negated;
  const value = request.keys[key] as string;
  const anyMatch = values.some((policyValue) => base.match(policyValue, value));
  return base.negated ? !anyMatch : anyMatch;
}

/** Whether a statement's Condition block holds for the request (no block: it always holds). */
export function conditionHolds(condition: Statement['Condition'], request: Request): boolean {
  return Object.entries(condition ?? {}).every(([operator, keys]) =>
    Object.entries(keys).every(([key, values]) =>
      operatorMatches(operator, key, list(values).map(String), request),
    ),
  );
}

/** Whether a statement applies to the request: its action, its resource and its condition. */
export function statementApplies(statement: Statement, request: Request): boolean {
  return (
    // Action names are case-insensitive, resources are not.
    list(statement.Action).some((action) => globMatches(action, request.action, true)) &&
    list(statement.Resource).some((resource) => globMatches(resource, request.resource)) &&
    conditionHolds(statement.Condition, request)
  );
}

/** The Sids of the Deny statements of `policy` that apply to the request: an explicit deny if not empty. */
export function denyingStatements(policy: { Statement: Statement[] }, request: Request): string[] {
  return policy.Statement.filter((s) => s.Effect === 'Deny' && statementApplies(s, request)).map(
    (s) => s.Sid ?? '(no Sid)',
  );
}
