import type { CostEstimate, PolicyResult, SynthDocument } from './document';

/**
 * Extension points of synth. The policy pack and the cost estimate are their own work item (issue 5); until
 * they land, synth evaluates no policy and estimates no cost, and its summary says so rather than print zeros.
 */
export interface SynthHooks {
  evaluatePolicies?: (document: SynthDocument) => PolicyResult[];
  estimateCost?: (document: SynthDocument) => CostEstimate | null;
}

export const defaultHooks: SynthHooks = {};
