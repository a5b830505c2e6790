import { DOMAINS, parseEnvironment, type Domain, type Environment } from '@payments/config';
import { NamingError } from './errors';

/** The first token of every physical name and Pulumi project. */
export const PROJECT = 'payments';

/** The org name of Pulumi's self-managed (file/S3) backend; configurable for Pulumi Cloud. */
export const DEFAULT_ORG = 'organization';

export const ORG_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export function assertDomain(domain: unknown): Domain {
  if (typeof domain === 'string' && (DOMAINS as readonly string[]).includes(domain)) return domain as Domain;
  throw new NamingError(`Unknown domain '${String(domain)}'; expected one of ${DOMAINS.join(', ')}.`);
}

/** The Pulumi project of a domain, e.g. `payments-network`. */
export function pulumiProjectName(domain: Domain): string {
  return `${PROJECT}-${assertDomain(domain)}`;
}

/** The fully qualified stack a StackReference reads: `<org>/payments-<domain>/<env>`. */
export function stackPath(args: { org: string; domain: Domain; env: Environment | string }): string {
  if (typeof args.org !== 'string' || !ORG_PATTERN.test(args.org)) {
    throw new NamingError(
      `Pulumi org '${String(args.org)}' is invalid; it must match ${ORG_PATTERN} ` +
        `(1-100 letters, digits, '.', '_' or '-', starting with a letter or digit).`,
    );
  }
  return `${args.org}/${pulumiProjectName(args.domain)}/${parseEnvironment(args.env)}`;
}
