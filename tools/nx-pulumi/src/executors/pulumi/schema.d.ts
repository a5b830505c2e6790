import type { PulumiCommand, PulumiTargetOptions } from '../../lib/options';

/** Mirrors ./schema.json exactly (checked by ../schemas.spec.ts). */
export interface PulumiExecutorOptions extends PulumiTargetOptions {
  /** Set by the plugin: the target's name. */
  command: PulumiCommand;
  /** destroy only, `--force-prod`: the only way to destroy a prod stack. */
  forceProd?: boolean;
  /** init only, `--secrets-provider`: passed to `pulumi stack init`; the backend's default when absent. */
  secretsProvider?: string;
  /** migrate-state only, `--to`: the S3 backend to move the bootstrap state into; its backendUrl output when absent. */
  to?: string;
}
