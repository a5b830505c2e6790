import type { PolicyResource } from '@pulumi/policy';
import { AWS } from '@payments/aws-types';
import { list, record, statements, text } from './inspect';

// Reading IAM documents (identity, trust, key, bucket and topic policies) the way IAM reads them, for the
// policies of several areas.

/** An IAM policy document's statement, loosely typed: synthesized documents are data, not our types. */
export type Statement = Record<string, unknown>;

/** IAM's action wildcards (`*`, `?`), case-insensitive (reference_policies_elements_action.html). */
export function actionMatches(pattern: string, action: string): boolean {
  const source = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\/]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, 'i').test(action);
}

export const isAllow = (s: Statement): boolean => s.Effect === 'Allow';
export const actionsOf = (s: Statement): string[] => list(s.Action).map(String);
export const resourcesOf = (s: Statement): string[] => list(s.Resource).map(String);

/** Whether the statement's Principal is everyone: `"*"` or `{ AWS: "*" }` (or a list holding `"*"`). */
export function anyPrincipal(s: Statement): boolean {
  const principal = s.Principal;
  if (principal === '*') return true;
  return list(record(principal)?.AWS).some((p) => p === '*');
}

/** The AWS account principals of a statement: account IDs and `arn:<partition>:iam::<account>:...` ARNs. */
export function awsPrincipals(s: Statement): string[] {
  return list(record(s.Principal)?.AWS).map(String);
}

/** The account an AWS principal belongs to (`123456789012`, `arn:aws:iam::123456789012:root`), if any. */
export function accountOf(principal: string): string | undefined {
  if (/^\d{12}$/.test(principal)) return principal;
  return /^arn:[^:]+:(?:iam|sts)::(\d{12}):/.exec(principal)?.[1];
}

/** The condition keys a statement tests, lower-cased, whatever the operator. */
export function conditionKeys(s: Statement): string[] {
  return Object.values(record(s.Condition) ?? {}).flatMap((keys) =>
    Object.keys(record(keys) ?? {}).map((k) => k.toLowerCase()),
  );
}

/** A statement's name in a message: its Sid, else its position. */
export const statementLabel = (s: Statement, i: number): string =>
  typeof s.Sid === 'string' && s.Sid !== '' ? `statement '${s.Sid}'` : `statement ${i + 1}`;

/** The identity policies of a stack: inline role policies and customer managed policies, with their statements. */
export function identityPolicies(
  resources: readonly PolicyResource[],
): { resource: PolicyResource; statements: Statement[] }[] {
  return resources
    .filter((r) => r.type === AWS.iamRolePolicy || r.type === AWS.iamPolicy)
    .map((resource) => ({ resource, statements: statements(resource.props.policy) }));
}

/** `role 'x' policy 'y'` for messages. */
export function identityPolicyLabel(props: Record<string, unknown>, logicalName: string): string {
  const name = text(props.name) ?? logicalName;
  const role = text(props.role);
  return role === undefined ? `policy '${name}'` : `policy '${name}' of role '${role}'`;
}
