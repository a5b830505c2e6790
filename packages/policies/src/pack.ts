import { PolicyPack } from '@pulumi/policy';
import { defaultExemptions, withExemptions } from './exemptions';
import { policies } from './policies';

// What `pulumi preview|up --policy-pack packages/policies` runs: the Pulumi policy runtime requires the pack's folder,
// which loads package.json `main`, this file. Constructing a PolicyPack starts the analyzer's gRPC server, so this is
// the only module that does, and nothing imports it: synth, the executors and the tests use the package entry
// (src/index.ts). Exemptions come from the stack's resolved settings, which preview and up pass in the pack's config
// (`--policy-pack-config`, see exemptions.ts), else from the environment's code defaults.

new PolicyPack('payments-baseline', {
  policies: withExemptions(policies, defaultExemptions),
  enforcementLevel: 'mandatory',
});
