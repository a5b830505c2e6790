import { AWS } from '@payments/aws-types';

/** AWS resource types with no charge of their own (or charged through another rule's line). */
export const FREE_TYPES: readonly string[] = [
  AWS.apigatewayAccount,
  AWS.apigatewayAuthorizer,
  AWS.apigatewayDeployment,
  AWS.apigatewayIntegration,
  AWS.apigatewayMethod,
  AWS.apigatewayMethodSettings,
  AWS.apigatewayRequestValidator,
  AWS.apigatewayResource,
  AWS.apigatewayRestApi,
  // Scheduled rules on the default bus: the invocations they make are priced with the function they invoke
  // (rules/api.ts); AWS lists no charge for a scheduled rule itself (https://aws.amazon.com/eventbridge/pricing/).
  AWS.cloudwatchEventTarget,
  // The vault and the selection cost nothing themselves; the plan's recovery points are priced by rules/backup.ts.
  AWS.backupSelection,
  AWS.backupVault,
  // The merchants' pool has no users (no MAU charge); its clients are priced by rules/identity.ts.
  AWS.cognitoResourceServer,
  AWS.cognitoUserPool,
  AWS.cognitoUserPoolDomain,
  AWS.ec2DefaultNetworkAcl,
  AWS.ec2DefaultSecurityGroup,
  AWS.ec2InternetGateway,
  AWS.ec2Route,
  AWS.ec2RouteTable,
  AWS.ec2RouteTableAssociation,
  AWS.ec2SecurityGroup,
  AWS.ec2Subnet,
  AWS.ec2Vpc,
  // IAM has no charge (https://aws.amazon.com/iam/faqs/: "IAM ... offered at no additional charge").
  AWS.iamOpenIdConnectProvider,
  AWS.iamPolicy,
  AWS.iamRole,
  AWS.iamRolePolicy,
  AWS.iamRolePolicyAttachment,
  AWS.kmsAlias,
  // The deploy-time migration run: its Lambda time is the otherFunctionInvocationsPerMonth assumption.
  AWS.lambdaInvocation,
  AWS.rdsClusterParameterGroup,
  AWS.rdsParameterGroup,
  // An RDS Proxy's target group and target: the proxy itself is priced by rules/aurora.ts.
  AWS.rdsProxyDefaultTargetGroup,
  AWS.rdsProxyTarget,
  AWS.rdsSubnetGroup,
  AWS.s3BucketObjectLockConfiguration,
  AWS.s3BucketOwnershipControls,
  AWS.s3BucketPolicy,
  AWS.s3BucketPublicAccessBlock,
  AWS.s3BucketServerSideEncryptionConfiguration,
  AWS.s3BucketVersioning,
  AWS.snsTopicPolicy,
  AWS.snsTopicSubscription,
  AWS.vpcSecurityGroupEgressRule,
  AWS.vpcSecurityGroupIngressRule,
  AWS.wafv2WebAclAssociation,
  // The logs themselves are priced with their log group (rules/logs.ts).
  AWS.wafv2WebAclLoggingConfiguration,
];
