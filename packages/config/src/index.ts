export { ENVIRONMENTS, DOMAINS, STACK_DOMAINS, isEnvironment, parseEnvironment } from './environments';
export type { Environment, Domain, StackDomain } from './environments';
export {
  BOOTSTRAP_DOMAIN,
  GITHUB_OIDC_AUDIENCE,
  GITHUB_OIDC_HOST,
  GITHUB_REPOSITORY_PLACEHOLDER,
  githubRepositoryProblem,
} from './bootstrap';
export { ConfigError } from './errors';
export {
  AURORA_POSTGRES_VERSION_FLOOR,
  SUPPORTED_AURORA_POSTGRES_VERSIONS,
  RESERVED_DB_USERNAMES,
  RESERVED_DB_USERNAME_PREFIXES,
  compareEngineVersions,
  isReservedDbUsername,
} from './aurora';
export {
  AURORA_PG_LOW_MIN_CAPACITY_CAP,
  AURORA_PG_MAX_CONNECTIONS_BY_MAX_ACU,
  AURORA_PG_MAX_CONNECTIONS_CEILING,
  LAMBDA_RESERVABLE_CONCURRENCY,
  PAYMENTS_CONNECTION_BUDGET_PERCENT,
  PAYMENTS_CONNECTIONS_PER_ENDPOINT,
  auroraPostgresMaxConnections,
  defaultPaymentsReservedConcurrency,
  paymentsConcurrencyBound,
  paymentsReservedConcurrency,
  type PaymentsConcurrencyBound,
} from './connections';
export { DEFAULT_VPC_CIDRS, cidrsOverlap } from './network';
export { ISO_4217_MINOR_UNITS, toMinorUnits } from './currencies';
export {
  MAX_MERCHANTS,
  MERCHANT_ID_MAX_LENGTH,
  MERCHANT_ID_PATTERN,
  OAUTH_RESOURCE_SERVER,
  OAUTH_SCOPES,
  PUBLIC_ROUTES,
  merchantIdProblem,
  type OAuthScope,
} from './identity';
export {
  settingsSchema,
  stackProblems,
  ALARM_ENDPOINTS,
  ALARM_SUBSCRIPTION_PROTOCOLS,
  ALARM_TOPIC_DOMAIN,
  CLOUDWATCH_LOG_RETENTION_DAYS,
  LAMBDA_RUNTIMES,
  INTERFACE_ENDPOINTS,
} from './schema';
export type { AlarmSubscriptionProtocol, Settings } from './schema';
export { defaultSettings } from './defaults';
export { OVERRIDABLE_KEYS } from './overrides';
export { loadSettings, type LoadOptions } from './load';
export { editDistance, nearestKey } from './nearest';
export {
  AWS_CONFIG_KEYS,
  OVERRIDES_KEY,
  PROJECT_CONFIG_KEYS,
  SECRETS_PROVIDER_SCHEMES,
  STACK_FILE_FIELDS,
  loadStackSettings,
  missingKeyMaterial,
  readStackFile,
  runtimeConfig,
  stackOverrides,
  usesPassphrase,
} from './stack-file';
export type { BackendKind, StackConfigValue, StackFile, StackSecrets } from './stack-file';
