// The audit bucket's policy as plain data: the component serializes it over resolved outputs, and tests evaluate
// its conditions against requests (the IAM evaluator of @payments/mocks).
import { sseKmsOnlyBucketPolicy } from '@payments/stack';

export { SSE_C_HEADER, SSE_HEADER, SSE_KMS_KEY_HEADER } from '@payments/stack';

/**
 * TLS only (S3.5), and uploads end up under our key only; an upload without encryption headers gets the bucket
 * default (SSE-KMS, our key). The statements and why each is there: `sseKmsOnlyBucketPolicy` of @payments/stack.
 */
export const auditBucketPolicy = sseKmsOnlyBucketPolicy;
