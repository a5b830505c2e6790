import { STACK_DOMAINS, parseEnvironment, type Environment, type StackDomain } from '@payments/config';
import { NamingError } from './errors';

/** The first token of every physical name and Pulumi project. */
export const PROJECT = 'payments';

/** The org name of Pulumi's self-managed (file/S3) backend; configurable for Pulumi Cloud. */
export const DEFAULT_ORG = 'organization';

export const ORG_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export function assertDomain(domain: unknown): StackDomain {
  if (typeof domain === 'string' && (STACK_DOMAINS as readonly string[]).includes(domain)) {
    return domain as StackDomain;
  }
  throw new NamingError(`Unknown domain '${String(domain)}'; expected one of ${STACK_DOMAINS.join(', ')}.`);
}

/** The Pulumi project of a domain, e.g. `payments-network`. */
export function pulumiProjectName(domain: StackDomain): string {
  return `${PROJECT}-${assertDomain(domain)}`;
}

/** The fully qualified stack a StackReference reads: `<org>/payments-<domain>/<env>`. */
export function stackPath(args: { org: string; domain: StackDomain; env: Environment | string }): string {
  if (typeof args.org !== 'string' || !ORG_PATTERN.test(args.org)) {
    throw new NamingError(
      `Pulumi org '${String(args.org)}' is invalid; it must match ${ORG_PATTERN} ` +
        `(1-100 letters, digits, '.', '_' or '-', starting with a letter or digit).`,
    );
  }
  return `${args.org}/${pulumiProjectName(args.domain)}/${parseEnvironment(args.env)}`;
}

/** The component of a stack's secrets key alias: `alias/payments-<env>-secrets-<domain>` (made by the namer). */
export const secretsKeyComponent = (domain: StackDomain): string => `secrets-${assertDomain(domain)}`;

/**
 * A stack's secrets provider, as its `Pulumi.<env>.yaml` names it (`secretsprovider`) and the bootstrap stack exports
 * it: Pulumi's AWS KMS provider on the stack's own key, by alias, in the region
 * (https://www.pulumi.com/docs/iac/concepts/secrets/#aws-key-management-service-kms).
 */
export function secretsProviderUrl(args: {
  env: Environment | string;
  domain: StackDomain;
  region: string;
}): string {
  const env = parseEnvironment(args.env);
  if (!/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(args.region)) {
    throw new NamingError(`region '${args.region}' is not an AWS region code such as 'us-east-1'.`);
  }
  return `awskms://alias/${PROJECT}-${env}-${secretsKeyComponent(args.domain)}?region=${args.region}`;
}
