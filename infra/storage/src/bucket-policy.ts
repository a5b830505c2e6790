// The audit bucket's policy as plain data: the component serializes it over resolved outputs, and tests evaluate
// its conditions against requests (the IAM evaluator of @payments/mocks).

export type Condition = Record<string, Record<string, string>>;

export interface BucketPolicyStatement {
  Sid: string;
  Effect: 'Deny';
  Principal: '*';
  Action: string;
  Resource: string | string[];
  Condition: Condition;
}

export interface BucketPolicyDocument {
  Version: '2012-10-17';
  Statement: BucketPolicyStatement[];
}

/** The S3 condition keys of a PutObject's encryption headers. */
export const SSE_HEADER = 's3:x-amz-server-side-encryption';
export const SSE_KMS_KEY_HEADER = 's3:x-amz-server-side-encryption-aws-kms-key-id';
export const SSE_C_HEADER = 's3:x-amz-server-side-encryption-customer-algorithm';

/**
 * TLS only (S3.5), and uploads end up under our key only. An upload without encryption headers is allowed: S3
 * encrypts it with the bucket default, SSE-KMS under `kmsKeyArn` (this keeps multipart uploads working, whose
 * UploadPart requests carry no encryption header). The Deny statements refuse only the headers that would ask for
 * something else, and none matches a request without the header it tests (`Null` ... `false` where the test is
 * negated, which alone would match an absent header):
 * - `x-amz-server-side-encryption` other than `aws:kms` (AES256, aws:kms:dsse);
 * - a KMS key ID other than `kmsKeyArn` (the payments handler sends the full key ARN);
 * - `aws:kms` without a key ID, which S3 would encrypt under the AWS managed key aws/s3, not the bucket default
 *   (PutObject, x-amz-server-side-encryption-aws-kms-key-id: "If you specify ... aws:kms ... but do not provide
 *   x-amz-server-side-encryption-aws-kms-key-id, Amazon S3 uses the AWS managed key (aws/s3)");
 * - customer-provided keys (SSE-C), which carry no x-amz-server-side-encryption header at all.
 */
export function auditBucketPolicy(args: { bucketArn: string; kmsKeyArn: string }): BucketPolicyDocument {
  const objects = `${args.bucketArn}/*`;
  const denyPut = (Sid: string, condition: Condition): BucketPolicyStatement => ({
    Sid,
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:PutObject',
    Resource: objects,
    Condition: condition,
  });
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [args.bucketArn, objects],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
      denyPut('DenyEncryptionOtherThanSseKms', {
        StringNotEquals: { [SSE_HEADER]: 'aws:kms' },
        Null: { [SSE_HEADER]: 'false' },
      }),
      denyPut('DenyOtherKmsKeys', {
        StringNotEquals: { [SSE_KMS_KEY_HEADER]: args.kmsKeyArn },
        Null: { [SSE_KMS_KEY_HEADER]: 'false' },
      }),
      denyPut('DenySseKmsWithoutOurKey', {
        StringEquals: { [SSE_HEADER]: 'aws:kms' },
        Null: { [SSE_KMS_KEY_HEADER]: 'true' },
      }),
      denyPut('DenyCustomerProvidedKeys', { Null: { [SSE_C_HEADER]: 'false' } }),
    ],
  };
}
