import { ENVIRONMENTS, type Environment } from '@payments/config';
import { NamingError } from './errors';
import { ID_PREFIXES, NAME_RULES, RESOURCE_KINDS, type NameRule, type ResourceKind } from './rules';

/** Lowercase kebab-case: what a component or a logical name may look like. */
export const COMPONENT_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export function isResourceKind(value: unknown): value is ResourceKind {
  return typeof value === 'string' && (RESOURCE_KINDS as readonly string[]).includes(value);
}

export function assertResourceKind(kind: unknown): ResourceKind {
  if (isResourceKind(kind)) return kind;
  throw new NamingError(
    `Unknown resource kind '${String(kind)}'; expected one of ${RESOURCE_KINDS.join(', ')}.`,
  );
}

/**
 * The environment names found as hyphen/dot/slash/underscore-separated tokens of `name`, case-insensitively,
 * once per occurrence and in order, so a policy can require exactly `[env]`.
 */
export function environmentTokens(name: string): Environment[] {
  const envs: readonly string[] = ENVIRONMENTS;
  return name
    .toLowerCase()
    .split(/[-./_]/)
    .filter((token): token is Environment => envs.includes(token));
}

/** The AWS ID prefix `name` starts with (case-insensitively), if any. */
export function idPrefixOf(name: string): string | undefined {
  const lower = name.toLowerCase();
  return ID_PREFIXES.find((prefix) => lower.startsWith(prefix));
}

const quoteAll = (values: readonly string[]): string => values.map((v) => `'${v}'`).join(', ');

/** Checks `name` against the kind's AWS rules and our own (no ID prefix); returns it unchanged. */
export function validateName(kind: ResourceKind, name: string): string {
  const rule = NAME_RULES[assertResourceKind(kind)];
  const fail = (problem: string): never => {
    throw new NamingError(`${kind} name '${name}' ${problem} (${rule.description}).`);
  };
  if (typeof name !== 'string') fail('is not a string');
  const lower = name.toLowerCase();

  if (rule.requiredPrefix && !name.startsWith(rule.requiredPrefix)) {
    fail(`does not start with '${rule.requiredPrefix}'; it must`);
  }
  // AWS counts characters, not UTF-16 code units.
  const length = Array.from(name).length;
  if (length > rule.maxLength) fail(`is ${length} characters; the limit is ${rule.maxLength}`);
  if (length < rule.minLength) fail(`is ${length} characters; the minimum is ${rule.minLength}`);

  // Reserved words first: their message says more than the character check they may also fail.
  const reservedName = rule.reservedNames?.find((reserved) => lower === reserved);
  if (reservedName) fail(`is reserved; the reserved names are ${quoteAll(rule.reservedNames ?? [])}`);
  const reservedPrefix = rule.reservedPrefixes?.find((prefix) => lower.startsWith(prefix));
  if (reservedPrefix) {
    fail(
      `starts with the reserved prefix '${reservedPrefix}'; reserved: ${quoteAll(rule.reservedPrefixes ?? [])}`,
    );
  }
  const reservedSuffix = rule.reservedSuffixes?.find((suffix) => lower.endsWith(suffix));
  if (reservedSuffix) {
    fail(
      `ends with the reserved suffix '${reservedSuffix}'; reserved: ${quoteAll(rule.reservedSuffixes ?? [])}`,
    );
  }

  if (rule.lowercase && name !== lower) fail('contains upper case; it must be lower case');
  const badChars = [...new Set(Array.from(name).filter((char) => !rule.pattern.test(char)))];
  if (badChars.length > 0) {
    fail(
      `contains ${badChars.map((c) => JSON.stringify(c)).join(', ')}; allowed are ${rule.allowedCharacters}`,
    );
  }
  checkEnds(rule, name, fail);
  if (rule.noConsecutiveHyphens && name.includes('--'))
    fail("contains '--'; consecutive hyphens are not allowed");
  for (const forbidden of rule.forbiddenPatterns ?? []) {
    if (forbidden.pattern.test(name)) fail(forbidden.description);
  }

  // For aliases the ID-like part is what follows the `alias/` namespace.
  const idPrefix = idPrefixOf(rule.requiredPrefix ? name.slice(rule.requiredPrefix.length) : name);
  if (idPrefix)
    fail(`starts with the AWS ID prefix '${idPrefix}'; no name may start with ${ID_PREFIXES.join(' ')}`);
  return name;
}

function checkEnds(rule: NameRule, name: string, fail: (problem: string) => never): void {
  if (rule.firstChar && !rule.firstChar.pattern.test(name)) {
    fail(`starts with '${name.charAt(0)}'; it must start with ${rule.firstChar.description}`);
  }
  if (rule.lastChar && !rule.lastChar.pattern.test(name)) {
    fail(`ends with '${name.charAt(name.length - 1)}'; it must end with ${rule.lastChar.description}`);
  }
}

/** Like validateName, as a boolean, for policies that report rather than throw. */
export function isValidName(kind: ResourceKind, name: string): boolean {
  try {
    validateName(kind, name);
    return true;
  } catch (error) {
    if (error instanceof NamingError) return false;
    throw error;
  }
}

/**
 * Checks a component (the part of a physical name after `payments-<env>-`, and the whole of a logical name):
 * lowercase kebab-case and free of environment tokens, so the environment appears exactly once.
 */
export function validateComponent(component: string, what = 'component'): string {
  if (typeof component !== 'string' || !COMPONENT_PATTERN.test(component)) {
    throw new NamingError(
      `${what} '${String(component)}' is not lowercase kebab-case; it must match ${COMPONENT_PATTERN}.`,
    );
  }
  const envs = environmentTokens(component);
  if (envs.length > 0) {
    throw new NamingError(
      `${what} '${component}' contains the environment token '${envs[0]}'; the environment is added once, ` +
        `from the stack, so components must not contain any of ${ENVIRONMENTS.join(', ')}.`,
    );
  }
  return component;
}

export const RDS_CLUSTER_LOG_TYPES = ['postgresql', 'iam-db-auth-error', 'instance'] as const;
export type RdsClusterLogType = (typeof RDS_CLUSTER_LOG_TYPES)[number];

/**
 * Names AWS itself dictates for service-written log groups, e.g. `/aws/rds/cluster/<cluster>/postgresql`:
 * the only log groups allowed under /aws/. Creating them ourselves sets retention and encryption before RDS
 * writes to them.
 */
export function rdsClusterLogGroupName(clusterIdentifier: string, logType: RdsClusterLogType): string {
  validateName('rdsCluster', clusterIdentifier);
  if (!(RDS_CLUSTER_LOG_TYPES as readonly string[]).includes(logType)) {
    throw new NamingError(
      `logGroup log type '${String(logType)}' is not an Aurora PostgreSQL log export; ` +
        `expected one of ${RDS_CLUSTER_LOG_TYPES.join(', ')}.`,
    );
  }
  // Built from a valid identifier and fixed parts, it is within the log group limits by construction.
  return `/aws/rds/cluster/${clusterIdentifier}/${logType}`;
}

/** True for exactly the names rdsClusterLogGroupName can produce: lets policies allow them under /aws/. */
export function isRdsClusterLogGroupName(name: string): boolean {
  const match = /^\/aws\/rds\/cluster\/([^/]+)\/([^/]+)$/.exec(name);
  return (
    match !== null &&
    isValidName('rdsCluster', match[1] ?? '') &&
    (RDS_CLUSTER_LOG_TYPES as readonly string[]).includes(match[2] ?? '')
  );
}

/** The log group name prefix API Gateway dictates for a REST API's execution logs. */
export const API_GATEWAY_EXECUTION_LOG_GROUP_PREFIX = 'API-Gateway-Execution-Logs_';

/**
 * The prefix AWS WAF requires of a CloudWatch Logs destination's name (AWS WAF developer guide, "Sending web ACL
 * traffic logs to an Amazon CloudWatch Logs log group": the name must start with `aws-waf-logs-`).
 */
export const WAF_LOG_GROUP_PREFIX = 'aws-waf-logs-';

/** The log group of a web ACL's traffic logs: `aws-waf-logs-` and our physical name (which carries the environment). */
export function wafLogGroupName(physicalName: string): string {
  return validateName('logGroup', `${WAF_LOG_GROUP_PREFIX}${physicalName}`);
}

/** A REST API ID as API Gateway issues them: lowercase letters and digits (e.g. `a1b2c3d4e5`). */
const REST_API_ID = /^[a-z0-9]+$/;

/**
 * The log group API Gateway writes a stage's execution logs to, `API-Gateway-Execution-Logs_<rest api id>/<stage>`
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html). AWS dictates the name, so it
 * carries no environment; creating it ourselves, before execution logging is on, gives it our key and a retention
 * instead of API Gateway's unencrypted, never-expiring group.
 */
export function apiGatewayExecutionLogGroupName(restApiId: string, stageName: string): string {
  if (typeof restApiId !== 'string' || !REST_API_ID.test(restApiId)) {
    throw new NamingError(
      `logGroup REST API ID '${String(restApiId)}' is not an API Gateway ID (lowercase letters and digits).`,
    );
  }
  validateName('apiStage', stageName);
  return validateName('logGroup', `${API_GATEWAY_EXECUTION_LOG_GROUP_PREFIX}${restApiId}/${stageName}`);
}

/** True for exactly the names apiGatewayExecutionLogGroupName can produce. */
export function isApiGatewayExecutionLogGroupName(name: string): boolean {
  if (typeof name !== 'string' || !name.startsWith(API_GATEWAY_EXECUTION_LOG_GROUP_PREFIX)) return false;
  const [restApiId, stageName, ...rest] = name
    .slice(API_GATEWAY_EXECUTION_LOG_GROUP_PREFIX.length)
    .split('/');
  return rest.length === 0 && REST_API_ID.test(restApiId ?? '') && isValidName('apiStage', stageName ?? '');
}
