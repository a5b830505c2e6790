import type { PulumiTargetOptions } from '../../lib/options';

/** Mirrors ./schema.json exactly (checked by ../schemas.spec.ts). */
export type DriftSummaryExecutorOptions = PulumiTargetOptions;
