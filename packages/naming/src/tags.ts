import { parseEnvironment, type Environment, type StackDomain } from '@payments/config';
import { NamingError } from './errors';
import { assertDomain, PROJECT } from './stacks';

export const DATA_CLASSIFICATIONS = ['public', 'internal', 'confidential', 'restricted'] as const;
export type DataClassification = (typeof DATA_CLASSIFICATIONS)[number];

/** What each domain holds, the `DataClassification` tag of its resources: card data and its credentials are restricted. */
export const DATA_CLASSIFICATION: Record<StackDomain, DataClassification> = {
  network: 'internal',
  storage: 'confidential',
  database: 'restricted',
  // The merchants' client credentials.
  identity: 'restricted',
  api: 'restricted',
  // Every stack's state and the key that decrypts its secrets.
  bootstrap: 'restricted',
};

export const STANDARD_TAG_KEYS = [
  'Project',
  'Environment',
  'Domain',
  'ManagedBy',
  'CostCenter',
  'DataClassification',
] as const;
export type StandardTagKey = (typeof STANDARD_TAG_KEYS)[number];
export type StandardTags = Record<StandardTagKey, string>;

export const MANAGED_BY = 'pulumi';

const TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const TAG_CHARS_DESCRIPTION = 'letters, digits, spaces and _ . : / = + - @';

/** Checks one tag against the AWS tag rules (keys 1-128, values 0-256 characters, no `aws:` keys). */
export function validateTag(key: string, value: string): void {
  const fail = (problem: string): never => {
    throw new NamingError(`tag '${key}' ${problem}.`);
  };
  const keyLength = Array.from(key).length;
  if (keyLength < 1 || keyLength > 128) fail(`key is ${keyLength} characters; keys are 1-128 characters`);
  if (!TAG_CHARS.test(key)) fail(`key contains characters outside ${TAG_CHARS_DESCRIPTION}`);
  if (key.toLowerCase().startsWith('aws:')) fail("key starts with the reserved prefix 'aws:'");
  if (typeof value !== 'string') fail('value is not a string');
  const valueLength = Array.from(value).length;
  if (valueLength > 256) fail(`value is ${valueLength} characters; the limit is 256`);
  if (!TAG_CHARS.test(value)) fail(`value '${value}' contains characters outside ${TAG_CHARS_DESCRIPTION}`);
}

/** The tags of every resource of a stack, each checked against the AWS tag rules. */
export function standardTags(args: {
  env: Environment | string;
  domain: StackDomain;
  costCenter: string;
}): StandardTags {
  const domain = assertDomain(args.domain);
  if (typeof args.costCenter !== 'string' || args.costCenter.trim() === '') {
    throw new NamingError(`tag 'CostCenter' is empty; every resource must carry a cost center.`);
  }
  const tags: StandardTags = {
    Project: PROJECT,
    Environment: parseEnvironment(args.env),
    Domain: domain,
    ManagedBy: MANAGED_BY,
    CostCenter: args.costCenter,
    DataClassification: DATA_CLASSIFICATION[domain],
  };
  for (const [key, value] of Object.entries(tags)) validateTag(key, value);
  return tags;
}
