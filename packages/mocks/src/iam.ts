// A small evaluator of IAM policies, so tests assert what a synthesized policy does to a request rather than what
// its JSON looks like. It follows AWS's documented semantics:
// - policy evaluation logic within one account (reference_policies_evaluation-logic.html): an explicit Deny in any
//   statement that applies wins; otherwise an Allow that applies allows; otherwise the request is implicitly
//   denied. A statement applies when its Action (or NotAction), its Resource (or NotResource) and its Condition all
//   match the request;
// - Action (reference_policies_elements_action.html): case-insensitive, `*` and `?` wildcards; NotAction matches
//   every action it does not list (reference_policies_elements_notaction.html), likewise NotResource;
// - Resource (reference_policies_elements_resource.html): `*` and `?` within one ARN segment (the parts separated
//   by colons), case-sensitive; a `*` that ends a segment "can expand to match beyond the colon boundaries";
// - Condition (reference_policies_elements_condition_operators.html and
//   reference_policies_condition-logic-multiple-context-keys-or-values.html): the operators of a block, and the keys
//   under one operator, must all match (AND); several values for one key match if any matches (OR), and a negated
//   operator matches only if none does; a key absent from the request: a positive operator (StringEquals, ArnLike,
//   Bool) does not match, a negated one (StringNotEquals, ArnNotLike) matches, an ...IfExists operator matches, and
//   `Null` matches `true` only when the key is absent and `false` only when it is present.
// It covers identity-based and resource-based statements of one account, single-valued condition keys, and no
// principal matching (the caller chooses which policies apply). Anything else it does not know throws, so a test
// cannot pass by accident.

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
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, string | boolean | (string | boolean)[]>>;
}

export interface PolicyDocument {
  Version?: string;
  Statement: Statement | Statement[];
}

/** What IAM decides for a request (reference_policies_evaluation-logic.html, "Determining whether a request is allowed or denied within an account"). */
export type Decision = 'allow' | 'explicit-deny' | 'implicit-deny';

const list = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

const escape = (c: string): string => c.replace(/[.+^${}()|[\]\\/]/g, '\\$&');

/** IAM's wildcards in an action or a condition value: `*` any run of characters, `?` any one character. */
function globMatches(pattern: string, value: string, ignoreCase = false): boolean {
  const source = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : escape(c)))
    .join('');
  return new RegExp(`^${source}$`, ignoreCase ? 'i' : '').test(value);
}

/**
 * A resource ARN pattern against an ARN: wildcards stay inside their colon-separated segment, except a `*` that
 * ends its segment, which may run on past the colons; `*` alone matches everything.
 */
export function resourceMatches(pattern: string, resource: string): boolean {
  if (pattern === '*') return true;
  let source = '';
  for (let i = 0; i < pattern.length; i += 1) {
    const c = pattern.charAt(i);
    const endsSegment = i === pattern.length - 1 || pattern.charAt(i + 1) === ':';
    if (c === '*') source += endsSegment ? '.*' : '[^:]*';
    else if (c === '?') source += '[^:]';
    else source += escape(c);
  }
  return new RegExp(`^${source}$`).test(resource);
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

/** The one of two exclusive elements a statement sets (Action or NotAction, Resource or NotResource). */
function element(
  statement: Statement,
  positive: 'Action' | 'Resource',
  negative: 'NotAction' | 'NotResource',
): { values: string[]; negated: boolean } {
  const has = statement[positive] !== undefined;
  const hasNot = statement[negative] !== undefined;
  if (has === hasNot) {
    throw new Error(
      `statement ${statement.Sid ?? '(no Sid)'} must set exactly one of ${positive} and ${negative}`,
    );
  }
  return has
    ? { values: list(statement[positive] as string | string[]), negated: false }
    : { values: list(statement[negative] as string | string[]), negated: true };
}

/** Whether a statement applies to the request: its action, its resource and its condition. */
export function statementApplies(statement: Statement, request: Request): boolean {
  const action = element(statement, 'Action', 'NotAction');
  const resource = element(statement, 'Resource', 'NotResource');
  // Action names are case-insensitive, resources are not.
  const actionListed = action.values.some((a) => globMatches(a, request.action, true));
  const resourceListed = resource.values.some((r) => resourceMatches(r, request.resource));
  return (
    actionListed !== action.negated &&
    resourceListed !== resource.negated &&
    conditionHolds(statement.Condition, request)
  );
}

const statementsOf = (policies: readonly PolicyDocument[]): Statement[] =>
  policies.flatMap((policy) => list(policy.Statement));

/** The Sids of the Deny statements of `policy` that apply to the request: an explicit deny if not empty. */
export function denyingStatements(policy: PolicyDocument, request: Request): string[] {
  return statementsOf([policy])
    .filter((s) => s.Effect === 'Deny' && statementApplies(s, request))
    .map((s) => s.Sid ?? '(no Sid)');
}

/** IAM's decision for a request under every statement of `policies`: explicit deny, then allow, else implicit deny. */
export function decide(
  policies: PolicyDocument | readonly PolicyDocument[],
  request: { action: string; resource: string; keys?: Request['keys'] },
): Decision {
  const full: Request = { ...request, keys: request.keys ?? {} };
  const applying = statementsOf(Array.isArray(policies) ? policies : [policies as PolicyDocument]).filter(
    (s) => statementApplies(s, full),
  );
  if (applying.some((s) => s.Effect === 'Deny')) return 'explicit-deny';
  return applying.some((s) => s.Effect === 'Allow') ? 'allow' : 'implicit-deny';
}

// Principals and resource-based policies (reference_policies_elements_principal.html,
// reference_policies_evaluation-logic.html "Resource-based policies" and KMS's "Determining access to a KMS key").

/** Who makes the request: an IAM role of an account, or an AWS service principal (`logs.us-east-1.amazonaws.com`). */
export type Principal = { kind: 'role'; arn: string } | { kind: 'service'; service: string };

/** The account an IAM role ARN belongs to. */
export function accountOfRole(arn: string): string {
  const account = /^arn:[^:]+:iam::(\d{12}):role\//.exec(arn)?.[1];
  if (!account) throw new Error(`not an IAM role ARN: ${arn}`);
  return account;
}

/**
 * Whether a statement's Principal names the principal. `"*"` and `{ AWS: "*" }` name everyone; an account (its
 * 12-digit ID or `arn:<partition>:iam::<account>:root`) names every principal of that account ("the account's
 * principals, delegating to IAM"); a role ARN names that role; `{ Service: ... }` a service principal. A statement
 * without Principal (an identity policy) names nobody here; NotPrincipal is not supported and throws.
 */
export function principalMatches(statement: Statement, principal: Principal): boolean {
  if ((statement as { NotPrincipal?: unknown }).NotPrincipal !== undefined) {
    throw new Error(
      `statement ${statement.Sid ?? '(no Sid)'}: NotPrincipal is not supported by this evaluator`,
    );
  }
  const element = statement.Principal;
  if (element === undefined) return false;
  if (element === '*') return true;
  const byKind = element as { AWS?: string | string[]; Service?: string | string[] };
  if (principal.kind === 'service') return list(byKind.Service ?? []).includes(principal.service);
  const account = accountOfRole(principal.arn);
  return list(byKind.AWS ?? []).some(
    (p) => p === '*' || p === principal.arn || p === account || p === `arn:aws:iam::${account}:root`,
  );
}

/** Where the request goes: a resource whose policy is a key policy (KMS) or another resource-based policy. */
export interface AccessRequest {
  principal: Principal;
  action: string;
  resource: string;
  keys?: Request['keys'];
  /** The identity policies of the principal (none for a service principal). */
  identity: readonly PolicyDocument[];
  /** The resource's own policy: a KMS key policy, a bucket policy, a topic policy; absent if it has none. */
  resourcePolicy?: PolicyDocument;
  /** `kms`: the key policy must allow, itself or by naming the account (then the identity policy must too). */
  kind: 'kms' | 'resource';
}

/**
 * IAM's decision for a request within one account, with the resource's policy: an explicit deny anywhere wins;
 * otherwise, for a KMS key, the key policy must allow the principal directly, or name its account and an identity
 * policy allow it; for another resource, an Allow in the identity policies or in the resource policy for this
 * principal suffices (same-account evaluation). A service principal has no identity policy.
 */
export function authorize(request: AccessRequest): Decision {
  const full: Request = { action: request.action, resource: request.resource, keys: request.keys ?? {} };
  const resourceStatements = request.resourcePolicy
    ? statementsOf([request.resourcePolicy]).filter(
        (s) => principalMatches(s, request.principal) && statementApplies(s, full),
      )
    : [];
  const identityStatements =
    request.principal.kind === 'service'
      ? []
      : statementsOf(request.identity).filter((s) => statementApplies(s, full));
  if ([...resourceStatements, ...identityStatements].some((s) => s.Effect === 'Deny')) return 'explicit-deny';
  const identityAllows = identityStatements.some((s) => s.Effect === 'Allow');
  const resourceAllows = resourceStatements.filter((s) => s.Effect === 'Allow');
  if (request.kind === 'resource')
    return identityAllows || resourceAllows.length > 0 ? 'allow' : 'implicit-deny';
  if (request.principal.kind === 'service') return resourceAllows.length > 0 ? 'allow' : 'implicit-deny';
  const { arn } = request.principal;
  const direct = resourceAllows.some((s) =>
    list((s.Principal as { AWS?: string | string[] }).AWS ?? []).includes(arn),
  );
  const viaAccount = resourceAllows.length > 0 && identityAllows;
  return direct ||
    viaAccount ||
    resourceAllows.some(
      (s) =>
        s.Principal === '*' || list((s.Principal as { AWS?: string | string[] }).AWS ?? []).includes('*'),
    )
    ? 'allow'
    : 'implicit-deny';
}
