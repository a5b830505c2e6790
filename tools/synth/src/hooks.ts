import type { Settings } from '@payments/config';
import { estimateCost } from '@payments/cost';
// The rules module, not the package main: the main constructs the PolicyPack, which starts its gRPC server.
import { evaluatePolicies, policies } from '@payments/policies/src/policies';
import type { CostEstimate, PolicyResult, SynthDocument } from './document';

/** Extension points of synth: what it checks and what it estimates for each synthesized stack. */
export interface SynthHooks {
  /** The findings, and how many policies were evaluated to find them. */
  evaluatePolicies?: (
    document: SynthDocument,
    settings: Settings,
  ) => { evaluated: number; findings: PolicyResult[] };
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
