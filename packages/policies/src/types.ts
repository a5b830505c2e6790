import type { ResourceValidationPolicy, StackValidationPolicy } from '@pulumi/policy';

/** The pack's policies: the same objects run inside the real CrossGuard pack and in {@link evaluatePolicies}. */
export type PaymentsPolicy = ResourceValidationPolicy | StackValidationPolicy;

/** One resource as synth records it (tools/synth `SynthResource`): what the policies are evaluated on offline. */
export interface PolicyInputResource {
  urn: string;
  type: string;
  /** The Pulumi logical name. */
  name: string;
  /** Inputs with Pulumi's camelCase property names; JSON policy documents are strings. */
  inputs: Record<string, unknown>;
  protect: boolean;
  parent: string | null;
  /** URNs this resource depends on, explicit and through its inputs. */
  dependsOn: string[];
}

/** A control this environment knowingly does not meet (`Settings.exemptions`). */
export interface PolicyExemption {
  control: string;
  reason: string;
}

/** One stack to evaluate: its environment, resources and the exemptions of its (possibly overridden) settings. */
export interface PolicyStackInput {
  env: string;
  resources: readonly PolicyInputResource[];
  exemptions: readonly PolicyExemption[];
}

/**
 * One policy's verdict on one resource or on the stack. Identical to tools/synth `PolicyResult`, so synth can store
 * the findings as they are.
 */
export interface PolicyFinding {
  policy: string;
  description: string;
  enforcementLevel: 'mandatory' | 'advisory' | 'disabled';
  urn?: string;
  message: string;
  /** Set when the environment's config exempts the policy's control: shown, never silently skipped. */
  exemption?: string;
}
