import { ConfigError } from './errors';

/** The environments every tool accepts for `--env`; a stack's name is one of these. */
export const ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;

export type Environment = (typeof ENVIRONMENTS)[number];

/** The Pulumi projects of the platform, by domain. */
export const DOMAINS = ['network', 'storage', 'identity', 'database', 'api'] as const;

export type Domain = (typeof DOMAINS)[number];

/**
 * Every Pulumi project of the repository: the platform's domains and `bootstrap` (infra/bootstrap: the account's
 * state backend, secrets keys and CI roles), which no stack reads and `nx run-many -t up` never deploys.
 */
export const STACK_DOMAINS = [...DOMAINS, 'bootstrap'] as const;

export type StackDomain = (typeof STACK_DOMAINS)[number];

export function isEnvironment(value: unknown): value is Environment {
  return typeof value === 'string' && (ENVIRONMENTS as readonly string[]).includes(value);
}

/**
 * Validates `--env` and stack names: one line saying what was given and what is allowed.
 * Throws a {@link ConfigError} (an `Error`), so callers can tell bad input from a bug.
 */
export function parseEnvironment(value: unknown): Environment {
  if (isEnvironment(value)) return value;
  const given = value === undefined || value === '' ? 'nothing' : `'${String(value)}'`;
  throw new ConfigError(
    `Unknown environment: got ${given}, expected one of ${ENVIRONMENTS.join(', ')} (e.g. --env=staging).`,
  );
}
