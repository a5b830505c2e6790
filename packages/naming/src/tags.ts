import { parseEnvironment, type Domain, type Environment } from '@payments/config';
import { NamingError } from './errors';
import { assertDomain, PROJECT } from './stacks';

export const DATA_CLASSIFICATIONS = ['public', 'internal', 'confidential', 'restricted'] as const;
export type DataClassification = (typeof DATA_CLASSIFICATIONS)[number];

/** What each domain holds by default: card data and its credentials are restricted. */
export const DEFAULT_DATA_CLASSIFICATION: Record<Domain, DataClassification> = {
  network: 'internal',
  storage: 'confidential',
  database: 'restricted',
  api: 'restricted',
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

/** AWS allows at most 50 user tags per resource. */
export const MAX_TAGS = 50;
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

export function standardTags(args: {
  env: Environment | string;
  domain: Domain;
  costCenter: string;
  dataClassification?: DataClassification;
}): StandardTags {
  const domain = assertDomain(args.domain);
  const dataClassification = args.dataClassification ?? DEFAULT_DATA_CLASSIFICATION[domain];
  if (!(DATA_CLASSIFICATIONS as readonly string[]).includes(dataClassification)) {
    throw new NamingError(
      `DataClassification '${String(dataClassification)}' is unknown; expected one of ${DATA_CLASSIFICATIONS.join(', ')}.`,
    );
  }
  if (typeof args.costCenter !== 'string' || args.costCenter.trim() === '') {
    throw new NamingError(`tag 'CostCenter' is empty; every resource must carry a cost center.`);
  }
  const tags: StandardTags = {
    Project: PROJECT,
    Environment: parseEnvironment(args.env),
    Domain: domain,
    ManagedBy: MANAGED_BY,
    CostCenter: args.costCenter,
    DataClassification: dataClassification,
  };
  for (const [key, value] of Object.entries(tags)) validateTag(key, value);
  return tags;
}

/** Standard tags plus `extra`; extra tags may add keys but never replace (or shadow by case) a standard one. */
export function mergeTags(
  standard: StandardTags,
  extra: Record<string, string> = {},
): Record<string, string> {
  const reserved = STANDARD_TAG_KEYS.map((key) => key.toLowerCase());
  for (const [key, value] of Object.entries(extra)) {
    if (reserved.includes(key.toLowerCase())) {
      throw new NamingError(
        `tag '${key}' is a standard tag and cannot be overridden; standard tags are ${STANDARD_TAG_KEYS.join(', ')}.`,
      );
    }
    validateTag(key, value);
  }
  const merged = { ...standard, ...extra };
  const count = Object.keys(merged).length;
  if (count > MAX_TAGS) throw new NamingError(`tags number ${count}; the limit is ${MAX_TAGS} per resource.`);
  return merged;
}
