/**
 * What other projects use of the payments handler without loading it (no database driver, no AWS SDK):
 * the migrations digest (the api stack's trigger for running them), where the build writes each bundle,
 * the environment the functions read and the AWS actions they call.
 */
export { MIGRATIONS_DIR, migrationsHash, readMigrations, type Migration } from './migrations';
export { BUNDLE_KINDS, bundleDir, type BundleKind } from './bundle';
export { loadMigrationsConfig, loadPaymentsConfig, TEST_ONLY_ENV_KEYS } from './config';
export { HANDLER_AWS_ACTIONS } from './permissions';
