import type { PulumiTargetOptions } from '../../lib/options';

/** Mirrors ./schema.json exactly (checked by ../schemas.spec.ts). */
export interface RollbackExecutorOptions extends PulumiTargetOptions {
  /** Required: the stack version or git sha to return to (checked by the executor, like `env`). */
  to?: string;
}
