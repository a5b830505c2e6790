import type { PulumiTargetOptions } from '@payments/nx-pulumi';

/** Mirrors ./schema.json exactly (checked by ./executor.spec.ts). */
export interface RollbackExecutorOptions extends PulumiTargetOptions {
  /**
   * Required: the stack version or git commit sha to return to (checked by the executor, like `env`). A number
   * when Nx's argument parser read the value as one (`--to=12`, or a sha made only of digits).
   */
  to?: string | number;
  /** `--yes`: deploy after the preview without asking; required when stdin is not a terminal. */
  yes?: boolean;
  /** `--dry-run`: stop after the preview; nothing is deployed. */
  dryRun?: boolean;
}
