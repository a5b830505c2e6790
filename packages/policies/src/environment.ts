import { isEnvironment, type Environment } from '@payments/config';
import type { PolicyResource } from '@pulumi/policy';

const URN_PREFIX = 'urn:pulumi:';

/** The stack part of a URN (`urn:pulumi:<stack>::<project>::<type>::<name>`), or undefined if it is not a URN. */
export function stackOfUrn(urn: string): string | undefined {
  if (!urn.startsWith(URN_PREFIX)) return undefined;
  const stack = urn.slice(URN_PREFIX.length).split('::')[0];
  return stack === '' ? undefined : stack;
}

/**
 * The environment a resource belongs to: the last path segment of its stack (`prod`, or `org/project/prod`). The real
 * pack needs no configuration for it: every URN the engine sends carries the stack. Undefined when the stack is not
 * one of the environments.
 */
export function environmentOfUrn(urn: string): Environment | undefined {
  const env = stackOfUrn(urn)?.split('/').pop();
  return isEnvironment(env) ? env : undefined;
}

export const STACK_TYPE = 'pulumi:pulumi:Stack';

/**
 * The stack a stack policy is looking at: the one of its `pulumi:pulumi:Stack` root resource (the engine always sends
 * it), else of its first resource.
 */
export function stackOf(resources: readonly PolicyResource[]): { stack?: string; env?: Environment } {
  const root = resources.find((r) => r.type === STACK_TYPE) ?? resources[0];
  if (!root) return {};
  return { stack: stackOfUrn(root.urn), env: environmentOfUrn(root.urn) };
}
