// The package entry: the policies, the offline evaluator and the exemption helpers. Importing it starts nothing;
// the PolicyPack itself is src/pack.ts, which only the Pulumi policy runtime loads (package.json `main`).
export { evaluatePolicies, policies } from './policies';
export { mandatoryViolations } from './evaluate';
export type {
  PaymentsPolicy,
  PolicyExemption,
  PolicyFinding,
  PolicyInputResource,
  PolicyStackInput,
} from './types';
export {
  EXEMPTIONS_CONFIG_SCHEMA,
  controlIdsOf,
  defaultExemptions,
  exemptionOf,
  policyPackConfig,
  withExemptions,
} from './exemptions';
export { environmentOfUrn } from './environment';
