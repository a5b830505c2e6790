import type { PulumiTargetOptions } from '../../lib/options';

/** Mirrors ./schema.json exactly (checked by ../schemas.spec.ts). */
export interface InitExecutorOptions extends PulumiTargetOptions {
  /** `--secrets-provider`: passed to `pulumi stack init`; the backend's default when absent. */
  secretsProvider?: string;
}
