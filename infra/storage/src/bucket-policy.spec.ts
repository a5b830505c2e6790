import { SSE_C_HEADER, SSE_HEADER, SSE_KMS_KEY_HEADER, auditBucketPolicy } from './bucket-policy';
import { denyingStatements, type IamRequest as Request } from '@payments/mocks';

// What the audit bucket policy does to uploads, evaluated with IAM's semantics, not read off its JSON.

const bucketArn = 'arn:aws:s3:::payments-prod-audit-777788889999-us-east-1';
const ourKey = 'arn:aws:kms:us-east-1:777788889999:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const otherKey = 'arn:aws:kms:us-east-1:777788889999:key/ffffffff-12ab-34cd-56ef-1234567890ab';
const policy = auditBucketPolicy({ bucketArn, kmsKeyArn: ourKey });

/** A PutObject (also UploadPart, which S3 authorizes as s3:PutObject) over TLS with these headers. */
const put = (headers: Record<string, string>): Request => ({
  action: 's3:PutObject',
  resource: `${bucketArn}/audit/yyyy=2026/mm=11/dd=30/p1.json`,
  keys: { 'aws:SecureTransport': 'true', ...headers },
});

// What apps/payments-handler/src/audit.ts sends: ServerSideEncryption 'aws:kms' and SSEKMSKeyId = the storage key
// ARN it gets as AUDIT_KMS_KEY_ARN (the storage stack's kmsKeyArn).
const HANDLER_HEADERS = { [SSE_HEADER]: 'aws:kms', [SSE_KMS_KEY_HEADER]: ourKey };

describe('the audit bucket policy', () => {
  it("allows the payments handler's upload: SSE-KMS naming our key", () => {
    expect(denyingStatements(policy, put(HANDLER_HEADERS))).toEqual([]);
  });

  it('allows an upload without encryption headers: S3 encrypts it with the bucket default, our key', () => {
    expect(denyingStatements(policy, put({}))).toEqual([]);
  });

  it('allows the parts of a multipart upload, which carry no encryption header', () => {
    const uploadPart = put({});
    expect(denyingStatements(policy, { ...uploadPart, resource: `${bucketArn}/audit/big.json` })).toEqual([]);
  });

  it.each([
    ['SSE-S3', { [SSE_HEADER]: 'AES256' }, ['DenyEncryptionOtherThanSseKms']],
    [
      'DSSE-KMS',
      { [SSE_HEADER]: 'aws:kms:dsse', [SSE_KMS_KEY_HEADER]: ourKey },
      ['DenyEncryptionOtherThanSseKms'],
    ],
    ['another KMS key', { [SSE_HEADER]: 'aws:kms', [SSE_KMS_KEY_HEADER]: otherKey }, ['DenyOtherKmsKeys']],
    [
      'our key by ID instead of ARN',
      { [SSE_HEADER]: 'aws:kms', [SSE_KMS_KEY_HEADER]: '1234abcd-12ab-34cd-56ef-1234567890ab' },
      ['DenyOtherKmsKeys'],
    ],
    // S3 would use the AWS managed key aws/s3 here, not the bucket default.
    ['SSE-KMS without a key ID', { [SSE_HEADER]: 'aws:kms' }, ['DenySseKmsWithoutOurKey']],
    ['a customer-provided key (SSE-C)', { [SSE_C_HEADER]: 'AES256' }, ['DenyCustomerProvidedKeys']],
  ])('denies an upload asking for %s', (_what, headers, denied) => {
    expect(denyingStatements(policy, put(headers))).toEqual(denied);
  });

  it("denies every request without TLS, the handler's included", () => {
    const insecure = put(HANDLER_HEADERS);
    expect(
      denyingStatements(policy, { ...insecure, keys: { ...insecure.keys, 'aws:SecureTransport': 'false' } }),
    ).toEqual(['DenyInsecureTransport']);
    expect(
      denyingStatements(policy, {
        action: 's3:ListBucket',
        resource: bucketArn,
        keys: { 'aws:SecureTransport': 'false' },
      }),
    ).toEqual(['DenyInsecureTransport']);
  });

  it('leaves reads over TLS to IAM: it denies nothing else', () => {
    expect(denyingStatements(policy, { ...put({}), action: 's3:GetObject' })).toEqual([]);
  });
});
