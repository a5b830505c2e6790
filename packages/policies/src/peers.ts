import { ENVIRONMENTS, type Environment } from '@payments/config';

// The peers' rules for the resource types the stacks deploy (API Gateway REST API, CloudWatch, Cognito, VPC and
// EC2 networking, IAM roles, KMS, Lambda, Aurora PostgreSQL, S3, SNS, WAFv2, the RDS-managed secret), each mapped
// to the policy that enforces it, to an exemption on purpose, or to "not applicable" with the reason. The README's
// peer table is generated from this list (`npm run readme -w packages/policies`); peers.spec.ts fails when the
// README is stale or a mapped policy does not exist.
//
// Rule ids as the peers write them, from:
// - AWS Security Hub controls: https://docs.aws.amazon.com/securityhub/latest/userguide/<service>-controls.html
//   (apigateway, cloudwatch, cognito, ec2, iam, kms, lambda, rds, s3, secretsmanager, sns, waf);
// - cdk-nag 3 RULES.md (cdklabs/cdk-nag ca6d1b5): packs AwsSolutions, NIST 800-53 rev 5, PCI DSS 3.2.1;
// - Checkov's Terraform policy index (bridgecrewio/checkov 03d5fda, docs/5.Policy Index/terraform.md).

export const PEERS = [
  'Security Hub',
  'cdk-nag AwsSolutions',
  'cdk-nag NIST 800-53 rev 5',
  'cdk-nag PCI DSS 3.2.1',
  'Checkov',
] as const;
export type Peer = (typeof PEERS)[number];

export type PeerStatus =
  /** Enforced by these policies of the pack (config may still exempt their control per environment, with reason). */
  | { policies: readonly string[] }
  /** Exempted on purpose in these environments; no policy enforces it there. */
  | { exempt: { reason: string; environments: readonly Environment[] } }
  /** Nothing the stacks deploy can break it. */
  | { notApplicable: string };

export interface PeerRule {
  peer: Peer;
  id: string;
  title: string;
  status: PeerStatus;
}

const by = (...policies: string[]): PeerStatus => ({ policies });
const na = (reason: string): PeerStatus => ({ notApplicable: reason });
const exempt = (reason: string, environments: readonly Environment[] = ENVIRONMENTS): PeerStatus => ({
  exempt: { reason, environments },
});

// Reasons used by several peers' rules.
const R = {
  noUsers:
    'the stacks create no IAM user or group: people use roles (SSO) and the functions their execution roles',
  noCache:
    'no stage cache on purpose: a cached payment response could be served to another merchant and would keep card-payment data outside the database; without a cache there is nothing to encrypt',
  clientCert:
    "a client certificate authenticates API Gateway to an HTTP backend; every integration is a Lambda proxy (AWS_PROXY), invoked with the stage's IAM permission",
  managedSecret:
    'the only secret is the master password RDS manages (manageMasterUserPassword): RDS rotates it itself, and a Secrets Manager rotation schedule cannot be set on it',
  minorVersion:
    'minor versions are pinned in config (database.engineVersion, never below the floor, DESIGN-4) and moved by a reviewed change, so an automatic upgrade never changes the database under a running release; aurora-engine-version-floor enforces the floor',
  replication:
    'the platform is single-region by design; prod audit records are protected by versioning and COMPLIANCE object lock (S3.15) in their region; a second region (bucket, key, replication role, storage) is a disaster-recovery decision not taken yet',
  inline:
    'one inline policy per role by design (docs/design.md): it lives and dies with its role and cannot be attached elsewhere; iam-no-wildcard-actions and iam-wildcard-resource-allowlist check every inline statement',
  codeSigning:
    'the handler bundle is built from this repository by the deploy itself (infra/api handler-archive) and uploaded by the same role; an AWS Signer profile would sign what that pipeline already produced, and an unsigned upload needs the same deploy rights',
  defaultPort:
    'port obfuscation is not a control here: the cluster is reachable only from the Lambda security group inside the VPC (EC2.18/19, RDS.2), and 5432 is config (database.port)',
  mysql: 'Aurora MySQL only; the cluster is Aurora PostgreSQL',
  notAurora: 'RDS DB instances outside a cluster; the stacks deploy Aurora cluster instances only',
  auroraBackups:
    'Aurora clusters always keep automated backups (backupRetentionPeriod 1 to 35 days, config database.backupRetentionDays); they cannot be turned off',
  syncOnly:
    'both functions are invoked synchronously (API Gateway proxy, the deploy’s aws.lambda.Invocation); a dead-letter queue only receives failed asynchronous events',
  noNacl: 'the stacks create no network ACL of their own; subnets use the VPC default ACL',
  eventNotifications:
    'nothing consumes bucket events: audit records are written by the payments function and read by auditors',
  mfaDelete:
    'MFA delete can only be turned on by the root user with the CLI, outside any deploy; prod record versions are protected by COMPLIANCE object lock instead (S3.15)',
  runtimeState:
    'a fact of the running account (unused, unattached), which no plan shows; the stacks create each such resource for one user in the same component',
  cognitoUsers:
    'the merchants’ pool has no users: app clients use the client credentials grant only (DESIGN-14), so passwords, MFA and sign-in threat protection have nothing to act on',
  createBeforeDestroy:
    'a Terraform lifecycle setting; Pulumi creates the replacement before deleting by default (deleteBeforeReplace unset)',
  apiV2: 'API Gateway V2 (HTTP and WebSocket APIs); the stacks deploy a REST API',
  snsDelivery:
    'delivery status logging covers application, HTTP(S), Lambda, SQS and Firehose endpoints; the alarm topic’s subscribers are people (email) in every committed stack file, and the topic carries no payment data',
  rdsEvents:
    'the database alarms (capacity, connections) notify the alarm topic; an RDS event subscription for cluster events is not built yet',
  noVpcEndpointForService:
    'the functions never call this service: Lambda manages their network interfaces itself, and nothing runs on EC2, ECR or SSM',
  rdsSnapshots:
    'the stacks create no snapshot and never share one: final and automated snapshots stay private to the account',
} as const;

/** Every applicable peer rule, by peer. */
export const PEER_RULES: readonly PeerRule[] = [
  // --- Security Hub ---------------------------------------------------------------------------------------------
  {
    peer: 'Security Hub',
    id: 'APIGateway.1',
    title: 'REST API execution logging',
    status: by('apigateway-stage-logging'),
  },
  {
    peer: 'Security Hub',
    id: 'APIGateway.2',
    title: 'stage client certificate for backend authentication',
    status: na(R.clientCert),
  },
  {
    peer: 'Security Hub',
    id: 'APIGateway.3',
    title: 'stage X-Ray tracing',
    status: by('apigateway-stage-xray-tracing'),
  },
  {
    peer: 'Security Hub',
    id: 'APIGateway.4',
    title: 'API associated with a WAF web ACL',
    status: by('apigateway-stage-waf'),
  },
  {
    peer: 'Security Hub',
    id: 'APIGateway.5',
    title: 'REST API cache data encrypted at rest',
    status: na(R.noCache),
  },
  {
    peer: 'Security Hub',
    id: 'APIGateway.8',
    title: 'routes specify an authorization type',
    status: na(R.apiV2),
  },
  { peer: 'Security Hub', id: 'APIGateway.9', title: 'access logging for V2 stages', status: na(R.apiV2) },
  {
    peer: 'Security Hub',
    id: 'CloudWatch.15',
    title: 'alarms have an action for the ALARM state',
    status: by('cloudwatch-alarm-actions'),
  },
  {
    peer: 'Security Hub',
    id: 'CloudWatch.16',
    title: 'log groups retained at least a year',
    status: by('log-group-retention'),
  },
  {
    peer: 'Security Hub',
    id: 'CloudWatch.17',
    title: 'alarm actions activated',
    status: by('cloudwatch-alarm-actions'),
  },
  { peer: 'Security Hub', id: 'Cognito.1', title: 'user pool threat protection', status: na(R.cognitoUsers) },
  {
    peer: 'Security Hub',
    id: 'EC2.2',
    title: 'default security group allows no traffic',
    status: by('ec2-default-security-group-closed'),
  },
  { peer: 'Security Hub', id: 'EC2.6', title: 'VPC flow logging', status: by('ec2-vpc-flow-logs') },
  {
    peer: 'Security Hub',
    id: 'EC2.10',
    title: 'VPC endpoint for the EC2 service',
    status: na(R.noVpcEndpointForService),
  },
  { peer: 'Security Hub', id: 'EC2.12', title: 'unused EIPs removed', status: na(R.runtimeState) },
  {
    peer: 'Security Hub',
    id: 'EC2.13',
    title: 'no ingress from 0.0.0.0/0 to port 22',
    status: by('ec2-no-unrestricted-ingress'),
  },
  {
    peer: 'Security Hub',
    id: 'EC2.14',
    title: 'no ingress from 0.0.0.0/0 to port 3389',
    status: by('ec2-no-unrestricted-ingress'),
  },
  {
    peer: 'Security Hub',
    id: 'EC2.15',
    title: 'subnets do not auto-assign public IPs',
    status: by('vpc-subnet-no-public-ip'),
  },
  { peer: 'Security Hub', id: 'EC2.16', title: 'unused network ACLs removed', status: na(R.noNacl) },
  {
    peer: 'Security Hub',
    id: 'EC2.18',
    title: 'unrestricted ingress only on authorized ports',
    status: by('ec2-no-unrestricted-ingress'),
  },
  {
    peer: 'Security Hub',
    id: 'EC2.19',
    title: 'no unrestricted access to high-risk ports',
    status: by('ec2-no-unrestricted-ingress'),
  },
  {
    peer: 'Security Hub',
    id: 'EC2.21',
    title: 'network ACLs allow no ingress from 0.0.0.0/0 to 22 or 3389',
    status: by('vpc-default-network-acl'),
  },
  { peer: 'Security Hub', id: 'EC2.22', title: 'unused security groups removed', status: na(R.runtimeState) },
  {
    peer: 'Security Hub',
    id: 'IAM.1',
    title: 'no full "*" administrative privileges',
    status: by('iam-no-wildcard-actions'),
  },
  { peer: 'Security Hub', id: 'IAM.2', title: 'IAM users have no policies attached', status: na(R.noUsers) },
  {
    peer: 'Security Hub',
    id: 'IAM.21',
    title: 'no wildcard actions for services',
    status: by('iam-no-wildcard-actions'),
  },
  {
    peer: 'Security Hub',
    id: 'KMS.1',
    title: 'customer managed policies allow no decryption on all keys',
    status: by('kms-no-decrypt-on-all-keys'),
  },
  {
    peer: 'Security Hub',
    id: 'KMS.2',
    title: 'inline policies allow no decryption on all keys',
    status: by('kms-no-decrypt-on-all-keys'),
  },
  {
    peer: 'Security Hub',
    id: 'KMS.3',
    title: 'keys not deleted unintentionally',
    status: by('kms-key-enabled-deletion-window'),
  },
  { peer: 'Security Hub', id: 'KMS.4', title: 'key rotation', status: by('kms-key-rotation') },
  {
    peer: 'Security Hub',
    id: 'KMS.5',
    title: 'keys not publicly accessible',
    status: by('kms-key-policy-no-public-principal'),
  },
  {
    peer: 'Security Hub',
    id: 'Lambda.1',
    title: 'function policies prohibit public access',
    status: by('lambda-permission-restricted'),
  },
  {
    peer: 'Security Hub',
    id: 'Lambda.2',
    title: 'supported runtimes',
    status: by('lambda-supported-runtime'),
  },
  { peer: 'Security Hub', id: 'Lambda.3', title: 'functions in a VPC', status: by('lambda-in-vpc-multi-az') },
  {
    peer: 'Security Hub',
    id: 'Lambda.5',
    title: 'VPC functions in more than one AZ',
    status: by('lambda-in-vpc-multi-az'),
  },
  { peer: 'Security Hub', id: 'RDS.1', title: 'snapshots private', status: na(R.rdsSnapshots) },
  {
    peer: 'Security Hub',
    id: 'RDS.2',
    title: 'instances not publicly accessible',
    status: by('rds-instances-not-public'),
  },
  {
    peer: 'Security Hub',
    id: 'RDS.3',
    title: 'instances encrypted at rest',
    status: by('rds-encrypted-with-customer-key'),
  },
  {
    peer: 'Security Hub',
    id: 'RDS.4',
    title: 'snapshots encrypted at rest',
    status: by('rds-encrypted-with-customer-key'),
  },
  { peer: 'Security Hub', id: 'RDS.5', title: 'instances in multiple AZs', status: na(R.notAurora) },
  {
    peer: 'Security Hub',
    id: 'RDS.6',
    title: 'enhanced monitoring for instances',
    status: by('rds-enhanced-monitoring'),
  },
  {
    peer: 'Security Hub',
    id: 'RDS.7',
    title: 'cluster deletion protection',
    status: by('rds-deletion-protection-and-final-snapshot'),
  },
  { peer: 'Security Hub', id: 'RDS.8', title: 'instance deletion protection', status: na(R.notAurora) },
  { peer: 'Security Hub', id: 'RDS.9', title: 'database logging', status: by('rds-logs-to-cloudwatch') },
  { peer: 'Security Hub', id: 'RDS.10', title: 'IAM authentication for instances', status: na(R.notAurora) },
  { peer: 'Security Hub', id: 'RDS.11', title: 'automatic backups', status: na(R.auroraBackups) },
  {
    peer: 'Security Hub',
    id: 'RDS.12',
    title: 'IAM authentication for clusters',
    status: by('rds-iam-authentication'),
  },
  {
    peer: 'Security Hub',
    id: 'RDS.13',
    title: 'automatic minor version upgrades',
    status: exempt(R.minorVersion),
  },
  { peer: 'Security Hub', id: 'RDS.14', title: 'Aurora backtracking', status: na(R.mysql) },
  {
    peer: 'Security Hub',
    id: 'RDS.15',
    title: 'clusters in multiple AZs',
    status: by('rds-cluster-multi-az'),
  },
  {
    peer: 'Security Hub',
    id: 'RDS.16',
    title: 'clusters copy tags to snapshots',
    status: by('rds-copy-tags-to-snapshots'),
  },
  { peer: 'Security Hub', id: 'RDS.17', title: 'instances copy tags to snapshots', status: na(R.notAurora) },
  {
    peer: 'Security Hub',
    id: 'RDS.19',
    title: 'event subscription for critical cluster events',
    status: exempt(R.rdsEvents),
  },
  { peer: 'Security Hub', id: 'RDS.23', title: 'no engine default port', status: exempt(R.defaultPort) },
  {
    peer: 'Security Hub',
    id: 'RDS.24',
    title: 'clusters use a custom administrator username',
    status: by('rds-master-username-not-reserved'),
  },
  { peer: 'Security Hub', id: 'RDS.26', title: 'covered by a backup plan', status: by('rds-backup-plan') },
  {
    peer: 'Security Hub',
    id: 'RDS.27',
    title: 'clusters encrypted at rest',
    status: by('rds-encrypted-with-customer-key'),
  },
  { peer: 'Security Hub', id: 'RDS.34', title: 'Aurora MySQL audit logs', status: na(R.mysql) },
  {
    peer: 'Security Hub',
    id: 'RDS.35',
    title: 'clusters upgrade minor versions automatically',
    status: exempt(R.minorVersion),
  },
  {
    peer: 'Security Hub',
    id: 'RDS.37',
    title: 'Aurora PostgreSQL logs to CloudWatch',
    status: by('rds-logs-to-cloudwatch'),
  },
  { peer: 'Security Hub', id: 'S3.1', title: 'block public access', status: by('s3-public-access-block') },
  {
    peer: 'Security Hub',
    id: 'S3.2',
    title: 'no public read access',
    status: by('s3-public-access-block', 's3-bucket-owner-enforced'),
  },
  {
    peer: 'Security Hub',
    id: 'S3.3',
    title: 'no public write access',
    status: by('s3-public-access-block', 's3-bucket-owner-enforced'),
  },
  { peer: 'Security Hub', id: 'S3.5', title: 'requests use SSL', status: by('s3-tls-only-bucket-policy') },
  {
    peer: 'Security Hub',
    id: 'S3.6',
    title: 'bucket policies grant other accounts nothing',
    status: by('s3-bucket-policy-no-public-or-cross-account-allow'),
  },
  { peer: 'Security Hub', id: 'S3.7', title: 'cross-Region replication', status: exempt(R.replication) },
  {
    peer: 'Security Hub',
    id: 'S3.8',
    title: 'bucket-level block public access',
    status: by('s3-public-access-block'),
  },
  {
    peer: 'Security Hub',
    id: 'S3.9',
    title: 'server access logging',
    status: by('s3-server-access-logging'),
  },
  {
    peer: 'Security Hub',
    id: 'S3.10',
    title: 'versioned buckets have lifecycle rules',
    status: by('s3-versioning-and-lifecycle'),
  },
  { peer: 'Security Hub', id: 'S3.11', title: 'event notifications', status: exempt(R.eventNotifications) },
  { peer: 'Security Hub', id: 'S3.12', title: 'no ACLs', status: by('s3-bucket-owner-enforced') },
  {
    peer: 'Security Hub',
    id: 'S3.13',
    title: 'lifecycle configuration',
    status: by('s3-versioning-and-lifecycle'),
  },
  { peer: 'Security Hub', id: 'S3.14', title: 'versioning', status: by('s3-versioning-and-lifecycle') },
  { peer: 'Security Hub', id: 'S3.15', title: 'object lock', status: by('s3-object-lock') },
  {
    peer: 'Security Hub',
    id: 'S3.17',
    title: 'encrypted at rest with KMS keys',
    status: by('s3-sse-kms-customer-key'),
  },
  { peer: 'Security Hub', id: 'S3.20', title: 'MFA delete', status: exempt(R.mfaDelete) },
  { peer: 'Security Hub', id: 'SecretsManager.1', title: 'automatic rotation', status: na(R.managedSecret) },
  { peer: 'Security Hub', id: 'SecretsManager.2', title: 'rotation succeeds', status: na(R.managedSecret) },
  {
    peer: 'Security Hub',
    id: 'SecretsManager.3',
    title: 'unused secrets removed',
    status: na(R.runtimeState),
  },
  {
    peer: 'Security Hub',
    id: 'SecretsManager.4',
    title: 'rotated within a number of days',
    status: na(R.managedSecret),
  },
  {
    peer: 'Security Hub',
    id: 'SNS.1',
    title: 'topics encrypted with KMS',
    status: by('sns-topic-kms-encryption'),
  },
  { peer: 'Security Hub', id: 'SNS.2', title: 'delivery status logging', status: na(R.snsDelivery) },
  {
    peer: 'Security Hub',
    id: 'SNS.4',
    title: 'topic policies allow no public access',
    status: by('sns-topic-policy-not-public'),
  },
  {
    peer: 'Security Hub',
    id: 'WAF.10',
    title: 'web ACL has at least one rule',
    status: by('waf-managed-rules-with-metrics'),
  },
  { peer: 'Security Hub', id: 'WAF.11', title: 'web ACL logging', status: by('waf-logging') },
  {
    peer: 'Security Hub',
    id: 'WAF.12',
    title: 'rules have CloudWatch metrics',
    status: by('waf-managed-rules-with-metrics'),
  },

  // --- cdk-nag AwsSolutions -------------------------------------------------------------------------------------
  {
    peer: 'cdk-nag AwsSolutions',
    id: 'AwsSolutions-APIG1',
    title: 'API access logging',
    status: by('apigateway-stage-logging'),
  },
  {
    peer: 'cdk-nag AwsSolutions',
    id: 'AwsSolutions-APIG2',
    title: 'REST API request validation',
    status: by('apigateway-request-validation'),
  },
  {
    peer: 'cdk-nag AwsSolutions',
    id: 'AwsSolutions-APIG3',
    title: 'stage associated with WAFv2',
    status: by('apigateway-stage-waf'),
  },
  {
    peer: 'cdk-nag AwsSolutions',
    id: 'AwsSolutions-APIG4',
    title: 'API implements authorization',
    status: by('apigateway-method-authorization'),
  },
  {
    peer: 'cdk-nag AwsSolutions',
    id: 'AwsSolutions-APIG6',
    title: 'CloudWatch logging for all methods',
    status: by('apigateway-stage-logging'),
  },
  {
    peer: 'cdk-nag AwsSolutions',
    id: 'AwsSolutions-COG1',
    title: 'user pool password policy',
    status: na(R.cognitoUsers),
  },
  {
    peer: 'cdk-nag AwsSolutions',
    id: 'AwsSolutions-COG2',
    title: 'user pool requires MFA',
    status: na(R.cognitoUsers),
  },
  {
    peer: 'cdk-nag AwsSolutions',
    id: 'AwsSolutions-COG4',
    title: 'methods use a Cognito user pool authorizer',
    status: by('apigateway-method-authorization'),
  },
  {
    peer: 'cdk-nag AwsSolutions',
    id: 'AwsSolutions-COG8',
    title: 'user pool on the Plus feature plan',
    status: na(R.cognitoUsers),
  },
  {
    peer: 'cdk-nag AwsSolutions',
    id: 'AwsSolutions-EC23',
    title: 'no inbound 0.0.0.0/0 or ::/0',
    status: by('ec2-no-unrestricted-ingress'),
  },
  {
    peer: 'cdk-nag AwsSolutions',
    id: 'AwsSolutions-EC27',
    title: 'security groups have a description',
    status: by('ec2-security-group-descriptions'),
  },
  {
    peer: 'cdk-nag AwsSolutions',
    id: 'AwsSolutions-IAM4',
    title: 'no AWS managed policies',
    status: by('iam-managed-policy-allowlist'),
  },
  {
    peer: 'cdk-nag AwsSolutions',
    id: 'AwsSolutions-IAM5',
    title: 'wildcard permissions only with evidence',
    status: by('iam-no-wildcard-actions', 'iam-wildcard-resource-allowlist'),
  },
  {
    peer: 'cdk-nag AwsSolutions',
    id: 'AwsSolutions-KMS5',
    title: 'symmetric key rotation',
    status: by('kms-key-rotation'),
  },
  {
    peer: 'cdk-nag AwsSolutions',
    id: 'AwsSolutions-L1',
    title: 'latest runtime',
    status: by('lambda-supported-runtime'),
  },
  {
    peer: 'cdk-nag AwsSolutions',
    id: 'AwsSolutions-RDS2',
    title: 'storage encryption',
    status: by('rds-encrypted-with-customer-key'),
  },
  {
    peer: 'cdk-nag AwsSolutions',
    id: 'AwsSolutions-RDS3',
    title: 'non-Aurora Multi-AZ',
    status: na(R.notAurora),
  },
  {
    peer: 'cdk-nag AwsSolutions',
    id: 'AwsSolutions-RDS6',
    title: 'IAM database authentication',
    status: by('rds-iam-authentication'),
  },
  {
    peer: 'cdk-nag AwsSolutions',
    id: 'AwsSolutions-RDS8',
    title: 'DB security group allows no 0.0.0.0/0',
    status: by('ec2-no-unrestricted-ingress'),
  },
  {
    peer: 'cdk-nag AwsSolutions',
    id: 'AwsSolutions-RDS10',
    title: 'deletion protection',
    status: by('rds-deletion-protection-and-final-snapshot'),
  },
  {
    peer: 'cdk-nag AwsSolutions',
    id: 'AwsSolutions-RDS11',
    title: 'no default endpoint port',
    status: exempt(R.defaultPort),
  },
  {
    peer: 'cdk-nag AwsSolutions',
    id: 'AwsSolutions-RDS13',
    title: 'automated backups',
    status: na(R.auroraBackups),
  },
  {
    peer: 'cdk-nag AwsSolutions',
    id: 'AwsSolutions-RDS14',
    title: 'Aurora MySQL backtrack',
    status: na(R.mysql),
  },
  {
    peer: 'cdk-nag AwsSolutions',
    id: 'AwsSolutions-RDS16',
    title: 'Aurora MySQL serverless log exports',
    status: na(R.mysql),
  },
  {
    peer: 'cdk-nag AwsSolutions',
    id: 'AwsSolutions-S1',
    title: 'server access logs',
    status: by('s3-server-access-logging'),
  },
  {
    peer: 'cdk-nag AwsSolutions',
    id: 'AwsSolutions-S2',
    title: 'public access restricted and blocked',
    status: by('s3-public-access-block'),
  },
  {
    peer: 'cdk-nag AwsSolutions',
    id: 'AwsSolutions-S10',
    title: 'requests use SSL',
    status: by('s3-tls-only-bucket-policy'),
  },
  {
    peer: 'cdk-nag AwsSolutions',
    id: 'AwsSolutions-SMG4',
    title: 'secret rotation',
    status: na(R.managedSecret),
  },
  {
    peer: 'cdk-nag AwsSolutions',
    id: 'AwsSolutions-SNS3',
    title: 'publishers use SSL',
    status: by('sns-topic-policy-not-public'),
  },
  {
    peer: 'cdk-nag AwsSolutions',
    id: 'AwsSolutions-VPC3',
    title: 'network ACL implemented (warning)',
    status: na(R.noNacl),
  },
  {
    peer: 'cdk-nag AwsSolutions',
    id: 'AwsSolutions-VPC7',
    title: 'VPC flow log',
    status: by('ec2-vpc-flow-logs'),
  },

  // --- cdk-nag NIST 800-53 rev 5 --------------------------------------------------------------------------------
  ...nistAndPci('NIST.800.53.R5', 'cdk-nag NIST 800-53 rev 5', {
    extra: [
      ['CloudWatchAlarmAction', 'alarms have an action', by('cloudwatch-alarm-actions')],
      ['LambdaConcurrency', 'function-level concurrency limit', by('lambda-reserved-concurrency')],
      ['LambdaDLQ', 'dead-letter configuration', na(R.syncOnly)],
      ['RDSEnhancedMonitoringEnabled', 'enhanced monitoring', by('rds-enhanced-monitoring')],
      ['RDSInBackupPlan', 'in an AWS Backup plan', by('rds-backup-plan')],
      ['RDSInstanceBackupEnabled', 'instance backups', na(R.auroraBackups)],
      [
        'RDSInstanceDeletionProtectionEnabled',
        'deletion protection',
        by('rds-deletion-protection-and-final-snapshot'),
      ],
      ['RDSMultiAZSupport', 'Multi-AZ', by('rds-cluster-multi-az')],
      ['SecretsManagerRotationEnabled', 'secret rotation', na(R.managedSecret)],
      ['IAMUserGroupMembership', 'users in groups', na(R.noUsers)],
    ],
  }),

  // --- cdk-nag PCI DSS 3.2.1 ------------------------------------------------------------------------------------
  ...nistAndPci('PCI.DSS.321', 'cdk-nag PCI DSS 3.2.1', {
    extra: [
      ['RDSAutomaticMinorVersionUpgradeEnabled', 'automatic minor version upgrades', exempt(R.minorVersion)],
    ],
  }),

  // --- Checkov (Terraform AWS) ----------------------------------------------------------------------------------
  ...checkov([
    ['CKV_AWS_7', 'KMS key rotation', by('kms-key-rotation')],
    ['CKV_AWS_18', 'S3 access logging', by('s3-server-access-logging')],
    ['CKV_AWS_19', 'S3 encrypted at rest', by('s3-sse-kms-customer-key')],
    ['CKV_AWS_20', 'no public-read ACL', by('s3-bucket-owner-enforced')],
    ['CKV_AWS_21', 'S3 versioning', by('s3-versioning-and-lifecycle')],
    ['CKV_AWS_23', 'security groups and rules have a description', by('ec2-security-group-descriptions')],
    ['CKV_AWS_24', 'no ingress from 0.0.0.0/0 to 22', by('ec2-no-unrestricted-ingress')],
    ['CKV_AWS_25', 'no ingress from 0.0.0.0/0 to 3389', by('ec2-no-unrestricted-ingress')],
    ['CKV_AWS_26', 'SNS topic encrypted', by('sns-topic-kms-encryption')],
    ['CKV_AWS_33', 'no wildcard principal in key policy', by('kms-key-policy-no-public-principal')],
    ['CKV_AWS_45', 'no secrets in Lambda environment', by('no-secret-literals-in-lambda-environment')],
    ['CKV_AWS_50', 'Lambda X-Ray tracing', by('lambda-xray-tracing')],
    ['CKV_AWS_53', 'block public ACLs', by('s3-public-access-block')],
    ['CKV_AWS_54', 'block public policy', by('s3-public-access-block')],
    ['CKV_AWS_55', 'ignore public ACLs', by('s3-public-access-block')],
    ['CKV_AWS_56', 'restrict public buckets', by('s3-public-access-block')],
    ['CKV_AWS_57', 'no public-write ACL', by('s3-bucket-owner-enforced')],
    ['CKV_AWS_59', 'no open access to back-end resources through API', by('apigateway-method-authorization')],
    [
      'CKV_AWS_60',
      'role assumable only by specific services or principals',
      by('iam-trust-no-wildcard-principal'),
    ],
    ['CKV_AWS_61', 'no assume-role from a whole account', by('iam-trust-no-wildcard-principal')],
    ['CKV_AWS_62', 'no full administrative privileges ("*" on "*")', by('iam-no-wildcard-actions')],
    ['CKV_AWS_63', 'no "*" actions', by('iam-no-wildcard-actions')],
    ['CKV_AWS_66', 'log group retention', by('log-group-retention')],
    [
      'CKV_AWS_70',
      'bucket policy allows no action to any principal',
      by('s3-bucket-policy-no-public-or-cross-account-allow'),
    ],
    ['CKV_AWS_73', 'API Gateway X-Ray', by('apigateway-stage-xray-tracing')],
    ['CKV_AWS_76', 'API Gateway access logging', by('apigateway-stage-logging')],
    ['CKV_AWS_96', 'Aurora encrypted at rest', by('rds-encrypted-with-customer-key')],
    ['CKV_AWS_107', 'IAM policies do not expose credentials', by('iam-wildcard-resource-allowlist')],
    ['CKV_AWS_108', 'IAM policies allow no data exfiltration', by('iam-wildcard-resource-allowlist')],
    ['CKV_AWS_109', 'no permissions management without constraints', by('iam-wildcard-resource-allowlist')],
    ['CKV_AWS_110', 'no privilege escalation', by('iam-wildcard-resource-allowlist')],
    ['CKV_AWS_111', 'no write access without constraints', by('iam-wildcard-resource-allowlist')],
    ['CKV_AWS_115', 'Lambda function-level concurrency limit', by('lambda-reserved-concurrency')],
    ['CKV_AWS_116', 'Lambda dead-letter queue', na(R.syncOnly)],
    ['CKV_AWS_117', 'Lambda inside a VPC', by('lambda-in-vpc-multi-az')],
    ['CKV_AWS_118', 'RDS enhanced monitoring', by('rds-enhanced-monitoring')],
    ['CKV_AWS_120', 'API Gateway caching', na(R.noCache)],
    ['CKV_AWS_130', 'subnets assign no public IP', by('vpc-subnet-no-public-ip')],
    ['CKV_AWS_139', 'RDS cluster deletion protection', by('rds-deletion-protection-and-final-snapshot')],
    ['CKV_AWS_143', 'S3 object lock', by('s3-object-lock')],
    ['CKV_AWS_144', 'S3 cross-region replication', exempt(R.replication)],
    ['CKV_AWS_145', 'S3 encrypted with KMS', by('s3-sse-kms-customer-key')],
    ['CKV_AWS_149', 'secret encrypted with a KMS CMK', by('rds-master-password-managed-by-rds')],
    ['CKV_AWS_158', 'log group encrypted with KMS', by('log-group-kms-encryption')],
    ['CKV_AWS_162', 'RDS cluster IAM authentication', by('rds-iam-authentication')],
    ['CKV_AWS_169', 'SNS topic policy not public', by('sns-topic-policy-not-public')],
    ['CKV_AWS_173', 'Lambda environment variables encrypted', by('lambda-environment-encrypted')],
    ['CKV_AWS_175', 'WAF has rules', by('waf-managed-rules-with-metrics')],
    ['CKV_AWS_192', 'WAF blocks Log4j message lookups', by('waf-managed-rules-with-metrics')],
    ['CKV_AWS_217', 'create before destroy for deployments', na(R.createBeforeDestroy)],
    ['CKV_AWS_225', 'method settings caching', na(R.noCache)],
    ['CKV_AWS_226', 'DB instance minor upgrades', exempt(R.minorVersion)],
    ['CKV_AWS_227', 'KMS key enabled', by('kms-key-enabled-deletion-window')],
    ['CKV_AWS_237', 'create before destroy for the REST API', na(R.createBeforeDestroy)],
    ['CKV_AWS_260', 'no ingress from 0.0.0.0/0 to 80', by('ec2-no-unrestricted-ingress')],
    ['CKV_AWS_272', 'Lambda code signing', exempt(R.codeSigning)],
    ['CKV_AWS_274', 'no AdministratorAccess policy on roles', by('iam-managed-policy-allowlist')],
    ['CKV_AWS_276', 'no data trace in method settings', by('apigateway-no-data-trace')],
    ['CKV_AWS_277', 'no ingress from 0.0.0.0/0 to all ports', by('ec2-no-unrestricted-ingress')],
    [
      'CKV_AWS_283',
      'no policy grants any AWS principal',
      by(
        'kms-key-policy-no-public-principal',
        's3-bucket-policy-no-public-or-cross-account-allow',
        'sns-topic-policy-not-public',
      ),
    ],
    ['CKV_AWS_286', 'no privilege escalation (inline)', by('iam-wildcard-resource-allowlist')],
    ['CKV_AWS_287', 'no credentials exposure (inline)', by('iam-wildcard-resource-allowlist')],
    ['CKV_AWS_288', 'no data exfiltration (inline)', by('iam-wildcard-resource-allowlist')],
    [
      'CKV_AWS_289',
      'no unconstrained permissions management (inline)',
      by('iam-wildcard-resource-allowlist'),
    ],
    ['CKV_AWS_290', 'no unconstrained write access (inline)', by('iam-wildcard-resource-allowlist')],
    ['CKV_AWS_300', 'abort failed multipart uploads', by('s3-abort-incomplete-multipart-uploads')],
    ['CKV_AWS_301', 'Lambda function not public', by('lambda-permission-restricted')],
    ['CKV_AWS_308', 'method settings cache encrypted', na(R.noCache)],
    ['CKV_AWS_313', 'RDS cluster copies tags to snapshots', by('rds-copy-tags-to-snapshots')],
    ['CKV_AWS_319', 'CloudWatch alarm actions enabled', by('cloudwatch-alarm-actions')],
    ['CKV_AWS_324', 'RDS cluster log capture', by('rds-logs-to-cloudwatch')],
    ['CKV_AWS_325', 'RDS cluster audit logging (MySQL)', na(R.mysql)],
    ['CKV_AWS_326', 'Aurora backtracking', na(R.mysql)],
    ['CKV_AWS_327', 'RDS cluster encrypted with a KMS CMK', by('rds-encrypted-with-customer-key')],
    ['CKV_AWS_338', 'log groups retained a year', by('log-group-retention')],
    ['CKV_AWS_353', 'performance insights', by('rds-performance-insights-customer-key')],
    [
      'CKV_AWS_354',
      'performance insights encrypted with a KMS CMK',
      by('rds-performance-insights-customer-key'),
    ],
    [
      'CKV_AWS_355',
      'no "*" resource for restrictable actions (inline)',
      by('iam-wildcard-resource-allowlist'),
    ],
    ['CKV_AWS_356', 'no "*" resource for restrictable actions', by('iam-wildcard-resource-allowlist')],
    [
      'CKV_AWS_358',
      'GitHub Actions OIDC trust limited to a repository',
      by('github-oidc-trust-pinned-to-repository'),
    ],
    ['CKV_AWS_363', 'Lambda runtime not deprecated', by('lambda-supported-runtime')],
    [
      'CKV_AWS_364',
      'Lambda service permissions limited by SourceArn or SourceAccount',
      by('lambda-permission-restricted'),
    ],
    ['CKV_AWS_382', 'no all-port egress to 0.0.0.0/0', by('ec2-no-all-traffic-egress')],
    ['CKV_AWS_385', 'SNS topic policy allows no cross-account access', by('sns-topic-policy-not-public')],
    ['CKV2_AWS_1', 'network ACLs attached to subnets', na(R.noNacl)],
    ['CKV2_AWS_4', 'API Gateway stage logging level', by('apigateway-stage-logging')],
    ['CKV2_AWS_6', 'S3 bucket has a public access block', by('s3-public-access-block')],
    ['CKV2_AWS_8', 'RDS cluster in an AWS Backup plan', by('rds-backup-plan')],
    ['CKV2_AWS_11', 'VPC flow logging', by('ec2-vpc-flow-logs')],
    ['CKV2_AWS_12', 'default security group restricts all traffic', by('ec2-default-security-group-closed')],
    ['CKV2_AWS_27', 'Aurora PostgreSQL query logging', by('rds-statement-logging')],
    ['CKV2_AWS_29', 'public API protected by WAF', by('apigateway-stage-waf')],
    ['CKV2_AWS_31', 'WAF logging configuration', by('waf-logging')],
    ['CKV2_AWS_35', 'NAT gateways for the default route', by('vpc-internet-route-only-public')],
    ['CKV2_AWS_51', 'API Gateway client certificate', na(R.clientCert)],
    ['CKV2_AWS_53', 'API Gateway request validated', by('apigateway-request-validation')],
    ['CKV2_AWS_57', 'Secrets Manager rotation', na(R.managedSecret)],
    ['CKV2_AWS_61', 'S3 lifecycle configuration', by('s3-versioning-and-lifecycle')],
    ['CKV2_AWS_62', 'S3 event notifications', exempt(R.eventNotifications)],
    ['CKV2_AWS_64', 'KMS key policy defined', by('kms-key-policy-no-public-principal')],
    ['CKV2_AWS_65', 'S3 ACLs disabled', by('s3-bucket-owner-enforced')],
    ['CKV2_AWS_69', 'RDS encryption in transit', by('rds-force-ssl')],
    ['CKV2_AWS_70', 'API method has authorization', by('apigateway-method-authorization')],
    ['CKV2_AWS_77', 'REST API WAF web ACL has the Log4j managed rules', by('waf-managed-rules-with-metrics')],
  ]),
];

type Row = [id: string, title: string, status: PeerStatus];

function checkov(rows: readonly Row[]): PeerRule[] {
  return rows.map(([id, title, status]) => ({ peer: 'Checkov', id, title, status }));
}

/**
 * The rules the NIST 800-53 rev 5 and PCI DSS 3.2.1 packs of cdk-nag share (the same AWS Config managed rules
 * behind both), plus each pack's own.
 */
function nistAndPci(prefix: string, peer: Peer, { extra }: { extra: readonly Row[] }): PeerRule[] {
  const shared: Row[] = [
    ['APIGWAssociatedWithWAF', 'REST API stage associated with WAFv2', by('apigateway-stage-waf')],
    ['APIGWCacheEnabledAndEncrypted', 'stage cache enabled and encrypted', exempt(R.noCache)],
    ['APIGWExecutionLoggingEnabled', 'execution logging for all methods', by('apigateway-stage-logging')],
    ['APIGWSSLEnabled', 'stage SSL certificate for the backend', na(R.clientCert)],
    ['CloudWatchLogGroupEncrypted', 'log groups encrypted with KMS', by('log-group-kms-encryption')],
    ['CloudWatchLogGroupRetentionPeriod', 'log groups have a retention period', by('log-group-retention')],
    [
      'EC2RestrictedCommonPorts',
      'no unrestricted ingress to common ports',
      by('ec2-no-unrestricted-ingress'),
    ],
    ['EC2RestrictedSSH', 'no unrestricted SSH', by('ec2-no-unrestricted-ingress')],
    ['IAMNoInlinePolicy', 'no inline policies', exempt(R.inline)],
    ['IAMPolicyNoStatementsWithAdminAccess', 'no admin access', by('iam-no-wildcard-actions')],
    ['IAMPolicyNoStatementsWithFullAccess', 'no full access to a service', by('iam-no-wildcard-actions')],
    ['IAMUserNoPolicies', 'no policies attached to users', na(R.noUsers)],
    ['KMSBackingKeyRotationEnabled', 'key rotation', by('kms-key-rotation')],
    [
      'LambdaFunctionPublicAccessProhibited',
      'function permission not public',
      by('lambda-permission-restricted'),
    ],
    ['LambdaInsideVPC', 'function in a VPC', by('lambda-in-vpc-multi-az')],
    ['RDSInstancePublicAccess', 'instances not public', by('rds-instances-not-public')],
    ['RDSLoggingEnabled', 'log exports', by('rds-logs-to-cloudwatch')],
    ['RDSStorageEncrypted', 'storage encrypted', by('rds-encrypted-with-customer-key')],
    [
      'S3BucketLevelPublicAccessProhibited',
      'bucket-level public access blocked',
      by('s3-public-access-block'),
    ],
    ['S3BucketLoggingEnabled', 'server access logs', by('s3-server-access-logging')],
    [
      'S3BucketPublicReadProhibited',
      'no public read',
      by('s3-public-access-block', 's3-bucket-owner-enforced'),
    ],
    [
      'S3BucketPublicWriteProhibited',
      'no public write',
      by('s3-public-access-block', 's3-bucket-owner-enforced'),
    ],
    ['S3BucketReplicationEnabled', 'replication', exempt(R.replication)],
    ['S3BucketSSLRequestsOnly', 'requests use SSL', by('s3-tls-only-bucket-policy')],
    ['S3BucketVersioningEnabled', 'versioning', by('s3-versioning-and-lifecycle')],
    ['S3DefaultEncryptionKMS', 'default encryption with KMS', by('s3-sse-kms-customer-key')],
    [
      'SecretsManagerUsingKMSKey',
      'secret encrypted with a customer managed key',
      by('rds-master-password-managed-by-rds'),
    ],
    ['SNSEncryptedKMS', 'topic encrypted with KMS', by('sns-topic-kms-encryption')],
    [
      'VPCDefaultSecurityGroupClosed',
      'default security group closed',
      by('ec2-default-security-group-closed'),
    ],
    ['VPCFlowLogsEnabled', 'flow logs', by('ec2-vpc-flow-logs')],
    ['VPCNoUnrestrictedRouteToIGW', 'no unrestricted route to an IGW', by('vpc-internet-route-only-public')],
    ['VPCSubnetAutoAssignPublicIpDisabled', 'subnets assign no public IP', by('vpc-subnet-no-public-ip')],
    ['WAFv2LoggingEnabled', 'web ACL logging', by('waf-logging')],
  ];
  return [...shared, ...extra]
    .map(([name, title, status]): PeerRule => ({ peer, id: `${prefix}-${name}`, title, status }))
    .sort((a, b) => a.id.localeCompare(b.id));
}
