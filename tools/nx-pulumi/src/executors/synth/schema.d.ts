import type { PulumiTargetOptions } from '../../lib/options';

/** Mirrors ./schema.json exactly (checked by ../schemas.spec.ts). */
export interface SynthExecutorOptions extends PulumiTargetOptions {
  /** The environment's total (the synth project's target) instead of one stack. */
  summary?: boolean;
}
