import { parseEnvironment, type Environment, type StackDomain } from '@payments/config';
import { NamingError } from './errors';
import { GLOBAL_RESOURCE_KINDS, type GlobalResourceKind, type ResourceKind } from './rules';
import { assertDomain, PROJECT } from './stacks';
import { standardTags } from './tags';
import { assertResourceKind, idPrefixOf, validateComponent, validateName } from './validate';

/** Where a globally unique name lives: the AWS account ID and the region (DESIGN-11). */
export interface GlobalNameScope {
  /** The 12-digit account ID, from `aws.getCallerIdentity`. */
  accountId: string;
  /** The region code, e.g. `us-east-1`. */
  region: string;
}

/** A 12-digit AWS account ID. */
export const ACCOUNT_ID_PATTERN = /^\d{12}$/;
/** An AWS region code, as packages/config accepts it: `us-east-1`, `eu-central-2`, `us-gov-west-1`. */
export const REGION_PATTERN = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;

const isGlobalKind = (kind: ResourceKind): kind is GlobalResourceKind =>
  (GLOBAL_RESOURCE_KINDS as readonly string[]).includes(kind);

/**
 * Splits a name made by `globalPhysical` into its parts; undefined for any other name. Lets a policy check that a
 * bucket name carries an account ID and a region without knowing the component.
 */
export function parseGlobalName(
  name: string,
): { env: string; rest: string; accountId: string; region: string } | undefined {
  const match = /^payments-([a-z]+)-([a-z0-9-]+)-(\d{12})-([a-z]{2}(?:-gov)?-[a-z]+-\d)$/.exec(name);
  if (!match) return undefined;
  const [, env = '', rest = '', accountId = '', region = ''] = match;
  return { env, rest, accountId, region };
}

export interface Namer {
  readonly env: Environment;
  readonly domain: StackDomain;
  /**
   * Physical name `payments-<env>-<component>` validated for the kind; kmsAlias returns
   * `alias/payments-<env>-<component>`. Refuses the kinds whose names are global (use `globalPhysical`).
   */
  physical(kind: ResourceKind, component: string): string;
  /**
   * DESIGN-11: the name of a resource AWS requires to be unique across all accounts (an S3 bucket, a Cognito
   * prefix domain): `payments-<env>-<component>-<account>-<region>`, validated for the kind (63 characters for
   * both).
   */
  globalPhysical(kind: GlobalResourceKind, component: string, scope: GlobalNameScope): string;
  /** Pulumi logical resource name: `<component>` validated kebab-case, never containing an environment token. */
  logical(component: string): string;
  /** The standard tags of every resource of the stack (the provider's default tags). */
  tags(): Record<string, string>;
}

/** The one way stacks make names and tags: bound to the stack's environment and domain. */
export function createNamer(args: {
  env: Environment | string;
  domain: StackDomain;
  costCenter: string;
}): Namer {
  const env = parseEnvironment(args.env);
  const domain = assertDomain(args.domain);
  // Built once so a bad cost center fails at startup, not at the first resource.
  const standard = standardTags({ ...args, env, domain });

  return {
    env,
    domain,
    physical(kind, component) {
      assertResourceKind(kind);
      if (isGlobalKind(kind)) {
        throw new NamingError(
          `${kind} names are unique across all AWS accounts, so '${PROJECT}-${env}-${component}' may already be taken: ` +
            `use namer.globalPhysical('${kind}', '${component}', { accountId, region }), which appends the account ID and the region (DESIGN-11).`,
        );
      }
      validateComponent(component, `${kind} component`);
      const name = `${PROJECT}-${env}-${component}`;
      return validateName(kind, kind === 'kmsAlias' ? `alias/${name}` : name);
    },
    globalPhysical(kind, component, scope) {
      assertResourceKind(kind);
      if (!isGlobalKind(kind)) {
        throw new NamingError(
          `${kind} names are unique per account and region, not globally: use namer.physical('${kind}', ...).`,
        );
      }
      validateComponent(component, `${kind} component`);
      const { accountId, region } = scope ?? ({} as GlobalNameScope);
      if (typeof accountId !== 'string' || !ACCOUNT_ID_PATTERN.test(accountId)) {
        throw new NamingError(
          `${kind} account ID '${String(accountId)}' is not a 12-digit AWS account ID; pass aws.getCallerIdentity's accountId.`,
        );
      }
      if (typeof region !== 'string' || !REGION_PATTERN.test(region)) {
        throw new NamingError(
          `${kind} region '${String(region)}' is not an AWS region code such as 'us-east-1'.`,
        );
      }
      return validateName(kind, `${PROJECT}-${env}-${component}-${accountId}-${region}`);
    },
    logical(component) {
      validateComponent(component, 'logical name');
      // Pulumi auto-names physical resources from the logical name, so it must not look like an AWS ID either.
      const idPrefix = idPrefixOf(component);
      if (idPrefix) {
        throw new NamingError(
          `logical name '${component}' starts with the AWS ID prefix '${idPrefix}'; ` +
            'Pulumi auto-names resources from it, and no name may start with an ID prefix.',
        );
      }
      return component;
    },
    tags() {
      return { ...standard };
    },
  };
}
