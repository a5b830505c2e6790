export { NamingError } from './errors';
export {
  GLOBAL_RESOURCE_KINDS,
  ID_PREFIXES,
  NAME_RULES,
  RESOURCE_KINDS,
  type CharRule,
  type GlobalResourceKind,
  type ForbiddenPattern,
  type NameRule,
  type ResourceKind,
} from './rules';
export {
  API_GATEWAY_EXECUTION_LOG_GROUP_PREFIX,
  COMPONENT_PATTERN,
  RDS_CLUSTER_LOG_TYPES,
  apiGatewayExecutionLogGroupName,
  environmentTokens,
  idPrefixOf,
  isApiGatewayExecutionLogGroupName,
  isRdsClusterLogGroupName,
  isResourceKind,
  isValidName,
  rdsClusterLogGroupName,
  validateComponent,
  validateName,
  WAF_LOG_GROUP_PREFIX,
  wafLogGroupName,
  type RdsClusterLogType,
} from './validate';
export {
  DEFAULT_ORG,
  ORG_PATTERN,
  PROJECT,
  pulumiProjectName,
  secretsKeyComponent,
  secretsProviderUrl,
  stackPath,
} from './stacks';
export {
  DATA_CLASSIFICATION,
  DATA_CLASSIFICATIONS,
  MANAGED_BY,
  STANDARD_TAG_KEYS,
  standardTags,
  validateTag,
  type DataClassification,
  type StandardTagKey,
  type StandardTags,
} from './tags';
export {
  ACCOUNT_ID_PATTERN,
  REGION_PATTERN,
  createNamer,
  parseGlobalName,
  type GlobalNameScope,
  type Namer,
} from './namer';
