import { AWS, AWS_CLASSES } from './aws-types';

describe('AWS type tokens', () => {
  // Loaded once here, so the policies themselves never load @pulumi/aws.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const aws = require('@pulumi/aws') as Record<string, Record<string, { __pulumiType?: string }>>;

  it.each(Object.entries(AWS))('%s is the type token of its @pulumi/aws class', (key, token) => {
    const [module, cls] = AWS_CLASSES[key as keyof typeof AWS].split('.') as [string, string];
    expect(aws[module]?.[cls]?.__pulumiType).toBe(token);
  });
});
