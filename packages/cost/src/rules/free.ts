import { AWS } from '@payments/aws-types';

/** AWS resource types with no charge of their own (or charged through another rule's line). */
export const FREE_TYPES: readonly string[] = [
  AWS.apigatewayAccount,
  AWS.apigatewayAuthorizer,
  AWS.apigatewayDeployment,
  AWS.apigatewayIntegration,
  AWS.apigatewayMethod,
  AWS.apigatewayMethodSettings,
  AWS.apigatewayResource,
  AWS.apigatewayRestApi,
  // Scheduled rules on the default bus: the invocations they make are priced with the function they invoke
  // (rules/api.ts); AWS lists no charge for a scheduled rule itself (https://aws.amazon.com/eventbridge/pricing/).
  AWS.cloudwatchEventTarget,
  // The merchants' pool has no users (no MAU charge); its clients are priced by rules/identity.ts.
  AWS.cognitoResourceServer,
  AWS.cognitoUserPool,
  AWS.cognitoUserPoolDomain,
  AWS.ec2DefaultSecurityGroup,
  AWS.ec2InternetGateway,
  AWS.ec2Route,
  AWS.ec2RouteTable,
  AWS.ec2RouteTableAssociation,
  AWS.ec2SecurityGroup,
  AWS.ec2Subnet,
  AWS.ec2Vpc,
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
];
