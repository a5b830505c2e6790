/**
 * What other projects use of the payments handler without loading it (no database driver, no AWS SDK): the
 * functions' contract with the api stack (their kinds, the environment each reads, the routes and the scope each
 * needs, the database role the payments function connects as, where the build writes each bundle and its entry
 * point, the AWS actions each calls) and the migrations digest (the api stack's trigger for running them).
 */
export {
  HANDLER_ENVIRONMENT_KEYS,
  HANDLER_KINDS,
  handlerEnvironment,
  type HandlerEnvironment,
  type HandlerEnvironmentKey,
  type HandlerEnvironmentValues,
  type HandlerKind,
} from './environment';
export { HandlerEnvironmentError, LAMBDA_ENVIRONMENT_LIMIT_BYTES } from './environment';
export { HANDLER_ROUTES, PAYMENTS_DB_USER, routeKey, type HandlerRoute, type HandlerScope } from './routes';
export { DIST_DIR, HANDLER_ENTRYPOINT, bundleDir } from './bundle';
export { HANDLER_AWS_ACTIONS } from './permissions';
export { RELAY_METRICS, RELAY_METRICS_NAMESPACE } from './relay-metrics';
export { PAYMENTS_POOL_MAX } from './pool';
export { MIGRATIONS_DIR, migrationsHash, readMigrations, type Migration } from './migrations';
