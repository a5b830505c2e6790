import type { Settings } from '@payments/config';
import { estimateCost } from '@payments/cost';
import type { CostEstimate, PolicyResult, SynthDocument } from './document';

/** Extension points of synth: what it checks and what it estimates for each synthesized stack. */
export interface SynthHooks {
  evaluatePolicies?: (document: SynthDocument, settings: Settings) => PolicyResult[];
  estimateCost?: (document: SynthDocument, settings: Settings) => CostEstimate | null;
}

export const defaultHooks: SynthHooks = {
  estimateCost: (document) => estimateCost(document),
};
