// The access-log bucket's policy as plain data, like the audit bucket's (bucket-policy.ts).
import { denyInsecureTransport } from '@payments/stack';

/** Where S3 writes the audit bucket's server access logs in the log bucket. */
export const ACCESS_LOG_PREFIX = 'audit/';

/**
 * TLS only (S3.5), and S3's log delivery may write, only under `ACCESS_LOG_PREFIX` and only for the audit bucket
 * of this account. The form is AWS's (S3 User Guide, "Permissions for log delivery": a bucket policy granting the
 * logging service principal `logging.s3.amazonaws.com` s3:PutObject, with aws:SourceArn the source bucket and
 * aws:SourceAccount its account, to avoid the confused deputy). With ObjectOwnership BucketOwnerEnforced the
 * policy is the only way to grant it: ACLs and target grants are refused.
 */
export function accessLogBucketPolicy(args: {
  bucketArn: string;
  sourceBucketArn: string;
  accountId: string;
}) {
  return {
    Version: '2012-10-17',
    Statement: [
      denyInsecureTransport(args.bucketArn),
      {
        Sid: 'S3ServerAccessLogsPolicy',
        Effect: 'Allow',
        Principal: { Service: 'logging.s3.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `${args.bucketArn}/${ACCESS_LOG_PREFIX}*`,
        Condition: {
          ArnLike: { 'aws:SourceArn': args.sourceBucketArn },
          StringEquals: { 'aws:SourceAccount': args.accountId },
        },
      },
    ],
  };
}
