/**
 * The Pulumi type tokens (`aws:<module>/<resource>:<Class>`) of the AWS resources the stacks deploy and the
 * policies, the cost estimate, the mocks and the tests look for: written once, here. Strings, so that reading
 * them never loads @pulumi/aws (synth evaluates the policies in-process); `src/index.spec.ts` checks that each
 * key is `<module><Class>` and each token is the `__pulumiType` of that @pulumi/aws class.
 */
export const AWS = {
  apigatewayAccount: 'aws:apigateway/account:Account',
  apigatewayAuthorizer: 'aws:apigateway/authorizer:Authorizer',
  apigatewayDeployment: 'aws:apigateway/deployment:Deployment',
  apigatewayIntegration: 'aws:apigateway/integration:Integration',
  apigatewayMethod: 'aws:apigateway/method:Method',
  apigatewayMethodSettings: 'aws:apigateway/methodSettings:MethodSettings',
  apigatewayRequestValidator: 'aws:apigateway/requestValidator:RequestValidator',
  apigatewayResource: 'aws:apigateway/resource:Resource',
  apigatewayRestApi: 'aws:apigateway/restApi:RestApi',
  apigatewayStage: 'aws:apigateway/stage:Stage',
  backupPlan: 'aws:backup/plan:Plan',
  backupSelection: 'aws:backup/selection:Selection',
  backupVault: 'aws:backup/vault:Vault',
  cloudwatchDashboard: 'aws:cloudwatch/dashboard:Dashboard',
  cloudwatchEventRule: 'aws:cloudwatch/eventRule:EventRule',
  cloudwatchEventTarget: 'aws:cloudwatch/eventTarget:EventTarget',
  cloudwatchLogGroup: 'aws:cloudwatch/logGroup:LogGroup',
  cloudwatchMetricAlarm: 'aws:cloudwatch/metricAlarm:MetricAlarm',
  cognitoResourceServer: 'aws:cognito/resourceServer:ResourceServer',
  cognitoUserPool: 'aws:cognito/userPool:UserPool',
  cognitoUserPoolClient: 'aws:cognito/userPoolClient:UserPoolClient',
  cognitoUserPoolDomain: 'aws:cognito/userPoolDomain:UserPoolDomain',
  ec2DefaultNetworkAcl: 'aws:ec2/defaultNetworkAcl:DefaultNetworkAcl',
  ec2DefaultSecurityGroup: 'aws:ec2/defaultSecurityGroup:DefaultSecurityGroup',
  ec2Eip: 'aws:ec2/eip:Eip',
  ec2FlowLog: 'aws:ec2/flowLog:FlowLog',
  ec2InternetGateway: 'aws:ec2/internetGateway:InternetGateway',
  ec2NatGateway: 'aws:ec2/natGateway:NatGateway',
  ec2NetworkAcl: 'aws:ec2/networkAcl:NetworkAcl',
  ec2Route: 'aws:ec2/route:Route',
  ec2RouteTable: 'aws:ec2/routeTable:RouteTable',
  ec2RouteTableAssociation: 'aws:ec2/routeTableAssociation:RouteTableAssociation',
  ec2SecurityGroup: 'aws:ec2/securityGroup:SecurityGroup',
  ec2SecurityGroupRule: 'aws:ec2/securityGroupRule:SecurityGroupRule',
  ec2Subnet: 'aws:ec2/subnet:Subnet',
  ec2Vpc: 'aws:ec2/vpc:Vpc',
  ec2VpcEndpoint: 'aws:ec2/vpcEndpoint:VpcEndpoint',
  iamOpenIdConnectProvider: 'aws:iam/openIdConnectProvider:OpenIdConnectProvider',
  iamPolicy: 'aws:iam/policy:Policy',
  iamRole: 'aws:iam/role:Role',
  iamRolePolicy: 'aws:iam/rolePolicy:RolePolicy',
  iamRolePolicyAttachment: 'aws:iam/rolePolicyAttachment:RolePolicyAttachment',
  kmsAlias: 'aws:kms/alias:Alias',
  kmsKey: 'aws:kms/key:Key',
  lambdaFunction: 'aws:lambda/function:Function',
  lambdaInvocation: 'aws:lambda/invocation:Invocation',
  lambdaPermission: 'aws:lambda/permission:Permission',
  rdsCluster: 'aws:rds/cluster:Cluster',
  rdsClusterInstance: 'aws:rds/clusterInstance:ClusterInstance',
  rdsClusterParameterGroup: 'aws:rds/clusterParameterGroup:ClusterParameterGroup',
  rdsInstance: 'aws:rds/instance:Instance',
  rdsParameterGroup: 'aws:rds/parameterGroup:ParameterGroup',
  rdsProxy: 'aws:rds/proxy:Proxy',
  rdsProxyDefaultTargetGroup: 'aws:rds/proxyDefaultTargetGroup:ProxyDefaultTargetGroup',
  rdsProxyTarget: 'aws:rds/proxyTarget:ProxyTarget',
  rdsSubnetGroup: 'aws:rds/subnetGroup:SubnetGroup',
  s3Bucket: 'aws:s3/bucket:Bucket',
  s3BucketAcl: 'aws:s3/bucketAcl:BucketAcl',
  s3BucketLifecycleConfiguration: 'aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration',
  s3BucketLogging: 'aws:s3/bucketLogging:BucketLogging',
  s3BucketObjectLockConfiguration: 'aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration',
  s3BucketOwnershipControls: 'aws:s3/bucketOwnershipControls:BucketOwnershipControls',
  s3BucketPolicy: 'aws:s3/bucketPolicy:BucketPolicy',
  s3BucketPublicAccessBlock: 'aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock',
  s3BucketServerSideEncryptionConfiguration:
    'aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration',
  s3BucketVersioning: 'aws:s3/bucketVersioning:BucketVersioning',
  secretsmanagerSecret: 'aws:secretsmanager/secret:Secret',
  snsTopic: 'aws:sns/topic:Topic',
  snsTopicPolicy: 'aws:sns/topicPolicy:TopicPolicy',
  snsTopicSubscription: 'aws:sns/topicSubscription:TopicSubscription',
  sqsQueue: 'aws:sqs/queue:Queue',
  vpcSecurityGroupEgressRule: 'aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule',
  vpcSecurityGroupIngressRule: 'aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule',
  wafv2WebAcl: 'aws:wafv2/webAcl:WebAcl',
  wafv2WebAclAssociation: 'aws:wafv2/webAclAssociation:WebAclAssociation',
  wafv2WebAclLoggingConfiguration: 'aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration',
} as const;

/** One of the tokens above. */
export type AwsType = (typeof AWS)[keyof typeof AWS];

/** `aws:ec2/vpc:Vpc` -> `{ module: 'ec2', className: 'Vpc' }`; undefined for anything else. */
export function parseAwsType(token: string): { module: string; className: string } | undefined {
  const match = /^aws:([a-z0-9]+)\/([a-z][A-Za-z0-9]*):([A-Z][A-Za-z0-9]*)$/.exec(token);
  if (!match || match[2] !== `${match[3]!.charAt(0).toLowerCase()}${match[3]!.slice(1)}`) return undefined;
  return { module: match[1]!, className: match[3]! };
}
