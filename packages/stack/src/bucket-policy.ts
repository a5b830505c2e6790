// The bucket policy statements more than one bucket uses, as plain data: components serialize them over resolved
// outputs, and tests evaluate their conditions against requests (the IAM evaluator of @payments/mocks).

export type BucketPolicyCondition = Record<string, Record<string, string>>;

export interface DenyStatement {
  Sid: string;
  Effect: 'Deny';
  Principal: '*';
  Action: string;
  Resource: string | string[];
  Condition: BucketPolicyCondition;
}

/** The S3 condition keys of a PutObject's encryption headers. */
export const SSE_HEADER = 's3:x-amz-server-side-encryption';
export const SSE_KMS_KEY_HEADER = 's3:x-amz-server-side-encryption-aws-kms-key-id';
export const SSE_C_HEADER = 's3:x-amz-server-side-encryption-customer-algorithm';

/** TLS only (Security Hub S3.5): every request over plain HTTP is denied, on the bucket and its objects. */
export function denyInsecureTransport(bucketArn: string): DenyStatement {
  return {
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [bucketArn, `${bucketArn}/*`],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}

/**
 * TLS only (S3.5), and uploads end up under `kmsKeyArn` only. An upload without encryption headers is allowed: S3
 * encrypts it with the bucket default, SSE-KMS under `kmsKeyArn` (this keeps multipart uploads working, whose
 * UploadPart requests carry no encryption header, and Pulumi's S3 backend, which sends none). The Deny statements
 * refuse only the headers that would ask for something else, and none matches a request without the header it tests
 * (`Null` ... `false` where the test is negated, which alone would match an absent header):
 * - `x-amz-server-side-encryption` other than `aws:kms` (AES256, aws:kms:dsse);
 * - a KMS key ID other than `kmsKeyArn` (the payments handler sends the full key ARN);
 * - `aws:kms` without a key ID, which S3 would encrypt under the AWS managed key aws/s3, not the bucket default
 *   (PutObject, x-amz-server-side-encryption-aws-kms-key-id: "If you specify ... aws:kms ... but do not provide
 *   x-amz-server-side-encryption-aws-kms-key-id, Amazon S3 uses the AWS managed key (aws/s3)");
 * - customer-provided keys (SSE-C), which carry no x-amz-server-side-encryption header at all.
 */
export function sseKmsOnlyBucketPolicy(args: { bucketArn: string; kmsKeyArn: string }): {
  Version: '2012-10-17';
  Statement: DenyStatement[];
} {
  const denyPut = (Sid: string, condition: BucketPolicyCondition): DenyStatement => ({
    Sid,
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:PutObject',
    Resource: `${args.bucketArn}/*`,
    Condition: condition,
  });
  return {
    Version: '2012-10-17',
    Statement: [
      denyInsecureTransport(args.bucketArn),
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
