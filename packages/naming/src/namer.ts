import { parseEnvironment, type Domain, type Environment } from '@payments/config';
import { NamingError } from './errors';
import type { ResourceKind } from './rules';
import { assertDomain, PROJECT } from './stacks';
import { mergeTags, standardTags, type DataClassification } from './tags';
import {
  assertResourceKind,
  environmentTokens,
  idPrefixOf,
  validateComponent,
  validateName,
} from './validate';

/** A deployment suffix, e.g. to run two copies of a stack side by side. */
export const SUFFIX_PATTERN = /^[a-z0-9]{1,8}$/;

export interface NameOptions {
  /** Optional deployment suffix, /^[a-z0-9]{1,8}$/. */
  suffix?: string;
}

export interface Namer {
  readonly env: Environment;
  readonly domain: Domain;
  /** Physical name `payments-<env>-<component>[-<suffix>]` validated for the kind; kmsAlias returns `alias/payments-<env>-<component>`. */
  physical(kind: ResourceKind, component: string, opts?: NameOptions): string;
  /** Pulumi logical resource name: `<component>` validated kebab-case, never containing an environment token. */
  logical(component: string): string;
  /** Standard tags merged with extra (extra cannot override the standard keys: throw). */
  tags(extra?: Record<string, string>): Record<string, string>;
}

function validateSuffix(kind: ResourceKind, suffix: string): string {
  if (typeof suffix !== 'string' || !SUFFIX_PATTERN.test(suffix)) {
    throw new NamingError(`${kind} suffix '${String(suffix)}' is invalid; it must match ${SUFFIX_PATTERN}.`);
  }
  if (environmentTokens(suffix).length > 0) {
    throw new NamingError(
      `${kind} suffix '${suffix}' is an environment name; the environment appears only once.`,
    );
  }
  return suffix;
}

/** The one way stacks make names and tags: bound to the stack's environment and domain. */
export function createNamer(args: {
  env: Environment | string;
  domain: Domain;
  costCenter: string;
  dataClassification?: DataClassification;
}): Namer {
  const env = parseEnvironment(args.env);
  const domain = assertDomain(args.domain);
  // Built once so a bad cost center or classification fails at startup, not at the first resource.
  const standard = standardTags({ ...args, env, domain });

  return {
    env,
    domain,
    physical(kind, component, opts = {}) {
      assertResourceKind(kind);
      validateComponent(component, `${kind} component`);
      const suffix = opts.suffix === undefined ? '' : `-${validateSuffix(kind, opts.suffix)}`;
      const name = `${PROJECT}-${env}-${component}${suffix}`;
      return validateName(kind, kind === 'kmsAlias' ? `alias/${name}` : name);
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
    tags(extra) {
      return mergeTags(standard, extra);
    },
  };
}
