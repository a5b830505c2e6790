/**
 * Pulumi type tokens of the resources the policies inspect. Kept as strings so that loading the policies never loads
 * @pulumi/aws (synth evaluates them in-process); aws-types.spec.ts checks each against the class's `__pulumiType`.
 */
export const AWS = {
  apigatewayMethodSettings: 'aws:apigateway/methodSettings:MethodSettings',
  apigatewayStage: 'aws:apigateway/stage:Stage',
  cloudwatchLogGroup: 'aws:cloudwatch/logGroup:LogGroup',
  defaultSecurityGroup: 'aws:ec2/defaultSecurityGroup:DefaultSecurityGroup',
  flowLog: 'aws:ec2/flowLog:FlowLog',
  securityGroup: 'aws:ec2/securityGroup:SecurityGroup',
  securityGroupRule: 'aws:ec2/securityGroupRule:SecurityGroupRule',
  vpc: 'aws:ec2/vpc:Vpc',
  kmsKey: 'aws:kms/key:Key',
  lambdaFunction: 'aws:lambda/function:Function',
  rdsCluster: 'aws:rds/cluster:Cluster',
  rdsClusterInstance: 'aws:rds/clusterInstance:ClusterInstance',
  rdsInstance: 'aws:rds/instance:Instance',
  s3Bucket: 'aws:s3/bucket:Bucket',
  s3BucketAcl: 'aws:s3/bucketAcl:BucketAcl',
  s3BucketLifecycleConfiguration: 'aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration',
  s3BucketOwnershipControls: 'aws:s3/bucketOwnershipControls:BucketOwnershipControls',
  s3BucketPolicy: 'aws:s3/bucketPolicy:BucketPolicy',
  s3BucketPublicAccessBlock: 'aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock',
  s3BucketServerSideEncryptionConfiguration:
    'aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration',
  s3BucketVersioning: 'aws:s3/bucketVersioning:BucketVersioning',
  securityGroupIngressRule: 'aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule',
  wafv2WebAclAssociation: 'aws:wafv2/webAclAssociation:WebAclAssociation',
} as const;

/** The @pulumi/aws class of each token, as `module.Class`, for the test that keeps the tokens honest. */
export const AWS_CLASSES: Record<keyof typeof AWS, string> = {
  apigatewayMethodSettings: 'apigateway.MethodSettings',
  apigatewayStage: 'apigateway.Stage',
  cloudwatchLogGroup: 'cloudwatch.LogGroup',
  defaultSecurityGroup: 'ec2.DefaultSecurityGroup',
  flowLog: 'ec2.FlowLog',
  securityGroup: 'ec2.SecurityGroup',
  securityGroupRule: 'ec2.SecurityGroupRule',
  vpc: 'ec2.Vpc',
  kmsKey: 'kms.Key',
  lambdaFunction: 'lambda.Function',
  rdsCluster: 'rds.Cluster',
  rdsClusterInstance: 'rds.ClusterInstance',
  rdsInstance: 'rds.Instance',
  s3Bucket: 's3.Bucket',
  s3BucketAcl: 's3.BucketAcl',
  s3BucketLifecycleConfiguration: 's3.BucketLifecycleConfiguration',
  s3BucketOwnershipControls: 's3.BucketOwnershipControls',
  s3BucketPolicy: 's3.BucketPolicy',
  s3BucketPublicAccessBlock: 's3.BucketPublicAccessBlock',
  s3BucketServerSideEncryptionConfiguration: 's3.BucketServerSideEncryptionConfiguration',
  s3BucketVersioning: 's3.BucketVersioning',
  securityGroupIngressRule: 'vpc.SecurityGroupIngressRule',
  wafv2WebAclAssociation: 'wafv2.WebAclAssociation',
};
