import type { PulumiTargetOptions } from '../../lib/options';

/** Mirrors ./schema.json exactly (checked by ../schemas.spec.ts). */
export interface DestroyExecutorOptions extends PulumiTargetOptions {
  /** `--force-prod`: the only way to destroy a prod stack. */
  forceProd?: boolean;
}
