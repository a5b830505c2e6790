import { PolicyPack } from '@pulumi/policy';
import { defaultExemptions, withExemptions } from './exemptions';
import { policies } from './policies';

// The entry point of `pulumi preview|up --policy-pack packages/policies`. Constructing a PolicyPack starts the
// analyzer's gRPC server, so this is the only module that does, and nothing imports it: synth and tests use
// ./policies. Exemptions come from each environment's code defaults; a per-stack override of `exemptions` in
// Pulumi.<env>.yaml is seen by synth only.

new PolicyPack('payments-baseline', {
  policies: withExemptions(policies, defaultExemptions),
  enforcementLevel: 'mandatory',
});
