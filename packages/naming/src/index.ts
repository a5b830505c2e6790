export { NamingError } from './errors';
export {
  ID_PREFIXES,
  NAME_RULES,
  RESOURCE_KINDS,
  type CharRule,
  type ForbiddenPattern,
  type NameRule,
  type ResourceKind,
} from './rules';
export {
  COMPONENT_PATTERN,
  RDS_CLUSTER_LOG_TYPES,
  environmentTokens,
  idPrefixOf,
  isRdsClusterLogGroupName,
  isResourceKind,
  isValidName,
  rdsClusterLogGroupName,
  validateComponent,
  validateName,
  type RdsClusterLogType,
} from './validate';
export { DEFAULT_ORG, ORG_PATTERN, PROJECT, pulumiProjectName, stackPath } from './stacks';
export {
  DATA_CLASSIFICATIONS,
  DEFAULT_DATA_CLASSIFICATION,
  MANAGED_BY,
  MAX_TAGS,
  STANDARD_TAG_KEYS,
  mergeTags,
  standardTags,
  validateTag,
  type DataClassification,
  type StandardTagKey,
  type StandardTags,
} from './tags';
export { SUFFIX_PATTERN, createNamer, type NameOptions, type Namer } from './namer';
