import type { Settings } from '@payments/config';
import { estimateCost, type CostEstimate } from '@payments/cost';
import { evaluatePolicies, policies, type PolicyFinding } from '@payments/policies';
import type { SynthDocument } from './document';

/** Extension points of synth: what it checks and what it estimates for each synthesized stack. */
export interface SynthHooks {
  /** The findings, and how many policies were evaluated to find them. */
  evaluatePolicies?: (
    document: SynthDocument,
    settings: Settings,
  ) => { evaluated: number; findings: PolicyFinding[] };
  estimateCost?: (document: SynthDocument, settings: Settings) => CostEstimate | null;
}

export const defaultHooks: SynthHooks = {
  // The same policies real preview/up run through --policy-pack, with this stack's effective exemptions.
  evaluatePolicies: (document, settings) => ({
    evaluated: policies.length,
    findings: evaluatePolicies({
      env: document.env,
      resources: document.resources,
      exemptions: settings.exemptions,
    }),
  }),
  estimateCost: (document) => estimateCost(document),
};
