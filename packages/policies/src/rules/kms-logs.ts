import { CLOUDWATCH_LOG_RETENTION_DAYS } from '@payments/config';
import type * as aws from '@pulumi/aws';
import type { Unwrap } from '@pulumi/pulumi';
import { AWS } from '@payments/aws-types';
import { requireTrue, resourcePolicy } from '../define';
import { environmentOfUrn } from '../environment';
import { text } from '../inspect';

// KMS keys and CloudWatch log groups.

/** Key specs KMS can rotate automatically; asymmetric and HMAC keys cannot be rotated. */
const ROTATABLE_SPECS = [undefined, 'SYMMETRIC_DEFAULT'];

export const kmsKeyRotation = resourcePolicy<Unwrap<aws.kms.KeyArgs>>({
  name: 'kms-key-rotation',
  description: 'KMS.4: customer managed symmetric KMS keys have automatic key rotation enabled.',
  types: [AWS.kmsKey],
  validate: (props, _args, report) => {
    const spec = text(props.customerMasterKeySpec);
    if (!ROTATABLE_SPECS.includes(spec)) return;
    requireTrue(props, 'enableKeyRotation', '(KMS rotates the key material yearly).', report);
  },
});

type LogGroupArgs = Unwrap<aws.cloudwatch.LogGroupArgs>;

export const logGroupEncrypted = resourcePolicy<LogGroupArgs>({
  name: 'log-group-kms-encryption',
  description: "DESIGN-10: CloudWatch log groups are encrypted with the owning stack's KMS key.",
  types: [AWS.cloudwatchLogGroup],
  validate: (props, _args, report) => {
    if (text(props.kmsKeyId) === undefined) {
      report(
        "kmsKeyId is not set: set it to the owning stack's KMS key ARN (and allow logs.<region>.amazonaws.com to use the key for this log group in the key policy).",
      );
    }
  },
});

/** CloudWatch.16's default minimum; dev and staging keep less by design (docs/design.md "Environments"). */
export const PROD_MIN_LOG_RETENTION_DAYS = 365;

export const logGroupRetention = resourcePolicy<LogGroupArgs>({
  name: 'log-group-retention',
  description: `CloudWatch.16: CloudWatch log groups have a retention CloudWatch accepts, at least ${PROD_MIN_LOG_RETENTION_DAYS} days in prod; never "never expire".`,
  types: [AWS.cloudwatchLogGroup],
  validate: (props, args, report) => {
    const days = props.retentionInDays;
    const accepted = CLOUDWATCH_LOG_RETENTION_DAYS.join(', ');
    if (days === undefined || days === 0) {
      report(
        `retentionInDays is not set, so logs never expire: set it from the settings (storage.logRetentionDays or network.flowLogRetentionDays), one of ${accepted}.`,
      );
    } else if (!CLOUDWATCH_LOG_RETENTION_DAYS.includes(days)) {
      report(`retentionInDays ${days} is not a value CloudWatch accepts: use one of ${accepted}.`);
    } else if (environmentOfUrn(args.urn) === 'prod' && days < PROD_MIN_LOG_RETENTION_DAYS) {
      report(
        `retentionInDays ${days} is below ${PROD_MIN_LOG_RETENTION_DAYS} in prod: keep prod logs at least ${PROD_MIN_LOG_RETENTION_DAYS} days (storage.logRetentionDays / network.flowLogRetentionDays).`,
      );
    }
  },
});

export const kmsLogsPolicies = [kmsKeyRotation, logGroupEncrypted, logGroupRetention];
