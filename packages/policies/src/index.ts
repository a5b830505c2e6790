import { PolicyPack } from '@pulumi/policy';
import { defaultExemptions, withExemptions } from './exemptions';
import { policies } from './policies';

// The entry point of `pulumi preview|up --policy-pack packages/policies`. Constructing a PolicyPack starts the
// analyzer's gRPC server, so this is the only module that does, and nothing imports it: synth and tests use
// ./policies. Exemptions come from the stack's resolved settings, which preview and up pass in the pack's config
// (`--policy-pack-config`, see exemptions.ts), else from the environment's code defaults.

new PolicyPack('payments-baseline', {
  policies: withExemptions(policies, defaultExemptions),
  enforcementLevel: 'mandatory',
});
