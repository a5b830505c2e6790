import { AWS, parseAwsType } from './index';

describe('the AWS type tokens', () => {
  // Loaded here only: what imports the table never loads @pulumi/aws.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const aws = require('@pulumi/aws') as Record<string, Record<string, { __pulumiType?: string }>>;

  it.each(Object.entries(AWS))('%s is the type token of that @pulumi/aws class', (key, token) => {
    const parsed = parseAwsType(token);
    expect(parsed).toBeDefined();
    const { module, className } = parsed!;
    expect(key).toBe(`${module}${className}`);
    expect(aws[module]?.[className]?.__pulumiType).toBe(token);
  });

  it('are each listed once', () => {
    expect(new Set(Object.values(AWS)).size).toBe(Object.values(AWS).length);
  });

  it.each([
    ['aws:ec2/vpc:Vpc', { module: 'ec2', className: 'Vpc' }],
    ['aws:s3/bucketV2:BucketV2', { module: 's3', className: 'BucketV2' }],
    ['aws:ec2/vpc:Subnet', undefined],
    ['aws:index/getRegion:getRegion', undefined],
    ['pulumi:pulumi:Stack', undefined],
    ['payments:network:Vpc', undefined],
  ])('parses %s', (token, expected) => {
    expect(parseAwsType(token)).toEqual(expected);
  });
});
