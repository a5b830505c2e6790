/** Every AWS resource kind the platform names. */
export const RESOURCE_KINDS = [
  's3Bucket',
  'kmsKey',
  'kmsAlias',
  'logGroup',
  'iamRole',
  'iamPolicy',
  'lambdaFunction',
  'securityGroup',
  'rdsCluster',
  'rdsInstance',
  'rdsProxy',
  'dbSubnetGroup',
  'rdsClusterParameterGroup',
  'dbParameterGroup',
  'secret',
  'restApi',
  'apiStage',
  'vpc',
  'subnet',
  'natGateway',
  'internetGateway',
  'routeTable',
  'eip',
  'vpcEndpoint',
  'flowLog',
  'wafWebAcl',
  'snsTopic',
  'cloudwatchAlarm',
  'eventRule',
  'dashboard',
  'cognitoUserPool',
  'cognitoUserPoolClient',
  'cognitoResourceServer',
  'cognitoDomain',
  'apiAuthorizer',
  'apiRequestValidator',
  'backup',
] as const;

export type ResourceKind = (typeof RESOURCE_KINDS)[number];

/**
 * Kinds whose names AWS requires to be unique across all accounts and regions (S3 general purpose buckets: "bucket
 * names must be unique across all AWS accounts in all the AWS Regions within a partition",
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html) and Cognito prefix domains (the
 * `<prefix>.auth.<region>.amazoncognito.com` of a user pool's OAuth 2.0 endpoints: a prefix another account holds in
 * the region fails CreateUserPoolDomain with "Domain already associated with another user pool"). DESIGN-11: their
 * names carry the account ID and the region, so `payments-prod-audit` taken by anyone else cannot fail our create.
 */
export const GLOBAL_RESOURCE_KINDS = ['s3Bucket', 'cognitoDomain'] as const satisfies readonly ResourceKind[];

export type GlobalResourceKind = (typeof GLOBAL_RESOURCE_KINDS)[number];

/** A rule on one character position, e.g. "starts with a letter". */
export interface CharRule {
  readonly pattern: RegExp;
  readonly description: string;
}

/** A pattern the whole name must not match, with the reason AWS gives. */
export interface ForbiddenPattern {
  readonly pattern: RegExp;
  readonly description: string;
}

/** One service's naming rules, as its API documents them. */
export interface NameRule {
  /** The service's rule in one phrase, quoted at the end of every error. */
  readonly description: string;
  readonly minLength: number;
  readonly maxLength: number;
  /**
   * Allowed characters, always of the form `^[class]+$`: the validator also tests it against single
   * characters to name the offending ones.
   */
  readonly pattern: RegExp;
  /** The allowed characters in words. */
  readonly allowedCharacters: string;
  /** AWS lower-cases (or rejects) upper case, so a mixed-case name would drift from what we declared. */
  readonly lowercase?: boolean;
  /** A namespace AWS requires, e.g. `alias/` for KMS aliases. */
  readonly requiredPrefix?: string;
  readonly firstChar?: CharRule;
  readonly lastChar?: CharRule;
  readonly noConsecutiveHyphens?: boolean;
  /** Compared case-insensitively. */
  readonly reservedNames?: readonly string[];
  /** Compared case-insensitively. */
  readonly reservedPrefixes?: readonly string[];
  /** Compared case-insensitively. */
  readonly reservedSuffixes?: readonly string[];
  readonly forbiddenPatterns?: readonly ForbiddenPattern[];
}

/**
 * Prefixes of AWS resource IDs. A name starting with one reads like an ID in consoles, logs and policies
 * (and AWS rejects some outright, e.g. `sg-` for security groups), so no name may start with one.
 */
export const ID_PREFIXES = [
  // EC2 / VPC
  'sg-',
  'sgr-',
  'vpc-',
  'vpce-',
  'subnet-',
  'nat-',
  'igw-',
  'eigw-',
  'rtb-',
  'eni-',
  'acl-',
  'eipalloc-',
  'eipassoc-',
  'tgw-',
  'pcx-',
  'vgw-',
  'cgw-',
  'vpn-',
  'dopt-',
  'pl-',
  'fl-',
  'i-',
  'ami-',
  'vol-',
  'snap-',
  'lt-',
  // RDS resource IDs (DbiResourceId, DbClusterResourceId)
  'db-',
  'cluster-',
] as const;

const LOWER_ALNUM_HYPHEN = 'lowercase letters, digits and hyphens';
const STARTS_WITH_LETTER: CharRule = { pattern: /^[a-z]/, description: 'a letter' };
const ENDS_NOT_HYPHEN: CharRule = { pattern: /[^-]$/, description: 'a letter or digit' };

// EC2 names (VPC, subnet, ...) and KMS key names are only `Name` tag values.
const TAG_VALUE_NAME = (resource: string): NameRule => ({
  description: `${resource} names are Name tag values of 1-256 characters`,
  minLength: 1,
  maxLength: 256,
  pattern: /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u,
  allowedCharacters: 'letters, digits, spaces and _ . : / = + - @',
});

// RDS cluster and instance identifiers (63) and cluster and DB parameter group names (255) share one rule but
// for the length.
const RDS_NAME = (what: string, maxLength: number): NameRule => ({
  description: `RDS ${what} are 1-${maxLength} characters of ${LOWER_ALNUM_HYPHEN}`,
  minLength: 1,
  maxLength,
  pattern: /^[a-z0-9-]+$/,
  allowedCharacters: LOWER_ALNUM_HYPHEN,
  lowercase: true,
  firstChar: STARTS_WITH_LETTER,
  lastChar: ENDS_NOT_HYPHEN,
  noConsecutiveHyphens: true,
});

const ALNUM_UNDERSCORE_HYPHEN = 'letters, digits, underscores and hyphens';

const COGNITO_NAME = (what: string, maxLength: number): NameRule => ({
  description: `Cognito ${what} names are 1-${maxLength} characters`,
  minLength: 1,
  maxLength,
  pattern: /^[\w\s+=,.@-]+$/,
  allowedCharacters: 'letters, digits, spaces and _ + = , . @ -',
});

export const NAME_RULES: Record<ResourceKind, NameRule> = {
  s3Bucket: {
    description: 'S3 bucket names are 3-63 characters',
    minLength: 3,
    maxLength: 63,
    // AWS also allows dots, but a dotted bucket breaks TLS for virtual-hosted-style requests.
    pattern: /^[a-z0-9-]+$/,
    allowedCharacters: `${LOWER_ALNUM_HYPHEN} (no dots: they break TLS virtual hosting)`,
    lowercase: true,
    firstChar: { pattern: /^[a-z0-9]/, description: 'a letter or digit' },
    lastChar: { pattern: /[a-z0-9]$/, description: 'a letter or digit' },
    reservedPrefixes: ['xn--', 'sthree-', 'amzn-s3-demo-'],
    // Access point aliases, Object Lambda, Multi-Region Access Points, directory and table buckets.
    reservedSuffixes: ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'],
  },
  kmsKey: TAG_VALUE_NAME('KMS key'),
  kmsAlias: {
    description: 'KMS alias names are alias/ plus a name, 7-256 characters in total',
    minLength: 'alias/'.length + 1,
    maxLength: 256,
    pattern: /^[A-Za-z0-9/_-]+$/,
    allowedCharacters: 'letters, digits, slashes, underscores and hyphens',
    requiredPrefix: 'alias/',
    // AWS-managed keys live under alias/aws/.
    reservedPrefixes: ['alias/aws/'],
  },
  logGroup: {
    description: 'CloudWatch Logs log group names are 1-512 characters',
    minLength: 1,
    maxLength: 512,
    pattern: /^[A-Za-z0-9._\-/#]+$/,
    allowedCharacters: 'letters, digits and . _ - / #',
    // AWS reserves aws/; /aws/ belongs to the services (see rdsClusterLogGroupName).
    reservedPrefixes: ['aws/', '/aws/'],
  },
  iamRole: {
    description: 'IAM role names are 1-64 characters',
    minLength: 1,
    maxLength: 64,
    pattern: /^[\w+=,.@-]+$/,
    allowedCharacters: 'letters, digits and _ + = , . @ -',
  },
  iamPolicy: {
    description: 'IAM policy names are 1-128 characters',
    minLength: 1,
    maxLength: 128,
    pattern: /^[\w+=,.@-]+$/,
    allowedCharacters: 'letters, digits and _ + = , . @ -',
  },
  lambdaFunction: {
    description: 'Lambda function names are 1-64 characters',
    minLength: 1,
    maxLength: 64,
    pattern: /^[A-Za-z0-9_-]+$/,
    allowedCharacters: ALNUM_UNDERSCORE_HYPHEN,
  },
  securityGroup: {
    description: 'VPC security group names are 1-255 characters',
    minLength: 1,
    maxLength: 255,
    pattern: /^[A-Za-z0-9 ._\-:/()#,@[\]+=&;{}!$*]+$/,
    allowedCharacters: 'letters, digits, spaces and . _ - : / ( ) # , @ [ ] + = & ; { } ! $ *',
    reservedPrefixes: ['sg-'],
  },
  rdsCluster: RDS_NAME('DB cluster identifiers', 63),
  rdsInstance: RDS_NAME('DB instance identifiers', 63),
  // CreateDBProxy: a letter first, letters, digits and hyphens, no double or trailing hyphen, at most 63.
  rdsProxy: RDS_NAME('DB proxy names', 63),
  dbSubnetGroup: {
    description: 'RDS DB subnet group names are 1-255 characters',
    minLength: 1,
    maxLength: 255,
    pattern: /^[a-z0-9._ -]+$/,
    allowedCharacters: 'lowercase letters, digits, periods, underscores, spaces and hyphens',
    lowercase: true,
    reservedNames: ['default'],
  },
  rdsClusterParameterGroup: RDS_NAME('DB cluster parameter group names', 255),
  dbParameterGroup: RDS_NAME('DB parameter group names', 255),
  secret: {
    description: 'Secrets Manager secret names are 1-512 characters',
    minLength: 1,
    maxLength: 512,
    pattern: /^[A-Za-z0-9/_+=.@-]+$/,
    allowedCharacters: 'letters, digits and / _ + = . @ -',
    // aws/ is AWS's namespace; rds! is where RDS puts the master secrets it manages.
    reservedPrefixes: ['aws/', 'rds!'],
    forbiddenPatterns: [
      {
        // Secrets Manager appends -XXXXXX to ARNs; such a name makes partial-ARN lookups ambiguous.
        pattern: /-.{6}$/,
        description: 'must not end with a hyphen followed by six characters (it clashes with the ARN suffix)',
      },
    ],
  },
  restApi: {
    description: 'API Gateway REST API names are 1-1024 characters',
    minLength: 1,
    maxLength: 1024,
    pattern: /^[\x20-\x7E]+$/,
    allowedCharacters: 'printable ASCII characters',
  },
  apiStage: {
    description: 'API Gateway stage names are 1-128 characters',
    minLength: 1,
    maxLength: 128,
    pattern: /^[A-Za-z0-9_-]+$/,
    allowedCharacters: ALNUM_UNDERSCORE_HYPHEN,
  },
  vpc: TAG_VALUE_NAME('VPC'),
  subnet: TAG_VALUE_NAME('Subnet'),
  natGateway: TAG_VALUE_NAME('NAT gateway'),
  internetGateway: TAG_VALUE_NAME('Internet gateway'),
  routeTable: TAG_VALUE_NAME('Route table'),
  eip: TAG_VALUE_NAME('Elastic IP'),
  vpcEndpoint: TAG_VALUE_NAME('VPC endpoint'),
  flowLog: TAG_VALUE_NAME('Flow log'),
  wafWebAcl: {
    description: 'WAF web ACL names are 1-128 characters',
    minLength: 1,
    maxLength: 128,
    pattern: /^[A-Za-z0-9_-]+$/,
    allowedCharacters: ALNUM_UNDERSCORE_HYPHEN,
  },
  snsTopic: {
    description: 'SNS standard topic names are 1-256 characters',
    minLength: 1,
    maxLength: 256,
    pattern: /^[A-Za-z0-9_-]+$/,
    allowedCharacters: ALNUM_UNDERSCORE_HYPHEN,
  },
  cloudwatchAlarm: {
    description: 'CloudWatch alarm names are 1-255 characters',
    minLength: 1,
    maxLength: 255,
    pattern: /^[^\p{Cc}]+$/u,
    allowedCharacters: 'any characters except control characters',
  },
  // EventBridge API Reference, PutRule: Name, "Length Constraints: Minimum length of 1. Maximum length of 64.
  // Pattern: [\.\-_A-Za-z0-9]+".
  eventRule: {
    description: 'EventBridge rule names are 1-64 characters',
    minLength: 1,
    maxLength: 64,
    pattern: /^[.\-_A-Za-z0-9]+$/,
    allowedCharacters: 'letters, digits and . - _',
  },
  dashboard: {
    description: 'CloudWatch dashboard names are 1-255 characters',
    minLength: 1,
    maxLength: 255,
    pattern: /^[A-Za-z0-9_-]+$/,
    allowedCharacters: ALNUM_UNDERSCORE_HYPHEN,
  },
  // Cognito API Reference: CreateUserPool PoolName, CreateUserPoolClient ClientName (1-128) and CreateResourceServer
  // Name (1-256), each of the pattern [\w\s+=,.@-]+.
  cognitoUserPool: COGNITO_NAME('user pool', 128),
  cognitoUserPoolClient: COGNITO_NAME('app client', 128),
  cognitoResourceServer: COGNITO_NAME('resource server', 256),
  cognitoDomain: {
    // CreateUserPoolDomain Domain: ^[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?$, and Cognito refuses a prefix that
    // contains a reserved word ("Domain cannot contain reserved word: aws"; also amazon and cognito).
    description:
      "Cognito prefix domains are 1-63 characters of lowercase letters, digits and hyphens, without 'aws', 'amazon' or 'cognito'",
    minLength: 1,
    maxLength: 63,
    pattern: /^[a-z0-9-]+$/,
    allowedCharacters: LOWER_ALNUM_HYPHEN,
    lowercase: true,
    firstChar: { pattern: /^[a-z0-9]/, description: 'a letter or digit' },
    lastChar: { pattern: /[a-z0-9]$/, description: 'a letter or digit' },
    forbiddenPatterns: ['aws', 'amazon', 'cognito'].map((word) => ({
      pattern: new RegExp(word, 'i'),
      description: `contains the reserved word '${word}', which Cognito refuses anywhere in a domain prefix`,
    })),
  },
  // API Gateway documents no length or character rule for an authorizer's name; kept to its stage name's rule,
  // which is what it shows beside it.
  apiAuthorizer: {
    description: 'API Gateway authorizer names are kept to 1-128 letters, digits, hyphens and underscores',
    minLength: 1,
    maxLength: 128,
    pattern: /^[A-Za-z0-9_-]+$/,
    allowedCharacters: ALNUM_UNDERSCORE_HYPHEN,
  },
  // AWS Backup vault, plan and selection names: the strictest of the three (vault: 2-50 letters, digits, hyphens,
  // underscores; plan and selection also take periods).
  backup: {
    description:
      'AWS Backup vault, plan and selection names are 2-50 letters, digits, hyphens and underscores',
    minLength: 2,
    maxLength: 50,
    pattern: /^[A-Za-z0-9_-]+$/,
    allowedCharacters: ALNUM_UNDERSCORE_HYPHEN,
  },
  // Likewise for a request validator's name (CreateRequestValidator documents none).
  apiRequestValidator: {
    description:
      'API Gateway request validator names are kept to 1-128 letters, digits, hyphens and underscores',
    minLength: 1,
    maxLength: 128,
    pattern: /^[A-Za-z0-9_-]+$/,
    allowedCharacters: ALNUM_UNDERSCORE_HYPHEN,
  },
};
