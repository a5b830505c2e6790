import { AWS } from '@payments/aws-types';
import { parseGlobalName } from '@payments/naming';
import { arr, line, num, obj, qty, str, type CostLine, type CostRule } from './rule';

/** S3 per bucket: the steady state of its lifecycle (Standard, then Glacier Flexible Retrieval until expiry). */
export const s3Costs: CostRule = {
  types: [AWS.s3Bucket, AWS.s3BucketLifecycleConfiguration, AWS.s3BucketLogging],
  estimate({ ofType, usage, price, unitPrice, months }) {
    const lines: CostLine[] = [];
    const lifecycles = ofType(AWS.s3BucketLifecycleConfiguration);
    const logTargets = new Set(ofType(AWS.s3BucketLogging).map((l) => str(l.inputs.targetBucket)));
    for (const bucket of ofType(AWS.s3Bucket)) {
      const name = str(bucket.inputs.bucket) ?? bucket.name ?? 'bucket';
      // The bootstrap's Pulumi state bucket holds checkpoints, not audit records: its own assumption.
      if (parseGlobalName(name)?.rest === 'state') {
        lines.push(
          line(
            `S3 Standard (${name})`,
            `${qty(usage.stateGbStored)} GB of Pulumi state stored (assumed) x ${unitPrice('s3StandardGbMonth')}/GB-month`,
            usage.stateGbStored * price('s3StandardGbMonth'),
          ),
        );
        continue;
      }
      const rule = lifecycles
        .filter((l) => l.inputs.bucket === name)
        .flatMap((l) => arr(l.inputs.rules).map(obj))
        .find((r) => r.status === 'Enabled');
      const toGlacier = rule
        ? num(
            arr(rule.transitions)
              .map(obj)
              .find((t) => t.storageClass === 'GLACIER')?.days,
          )
        : undefined;
      const expiry = rule ? num(obj(rule.expiration).days) : undefined;
      // A server access log target holds one record per request to the audit bucket, not audit records.
      const accessLogs = logTargets.has(name);
      const perMonth = accessLogs
        ? (usage.apiRequestsPerMonth * usage.s3AccessLogBytesPerRequest) / 1e9
        : usage.auditGbPerMonth;
      const standardDays = Math.min(toGlacier ?? Infinity, expiry ?? Infinity);
      const standardMonths = Number.isFinite(standardDays) ? months(standardDays) : 12;
      const glacierMonths =
        toGlacier !== undefined && (expiry === undefined || expiry > toGlacier)
          ? expiry === undefined
            ? 12
            : months(expiry - toGlacier)
          : 0;
      lines.push(
        line(
          `S3 Standard (${name})`,
          `${qty(perMonth)} GB written/month (${accessLogs ? `${qty(usage.apiRequestsPerMonth)} requests x ${usage.s3AccessLogBytesPerRequest} B of access log` : 'assumed'}) x ${qty(standardMonths)} months in Standard ` +
            `(${Number.isFinite(standardDays) ? `${standardDays} days` : 'no lifecycle: a year'}) = ${qty(perMonth * standardMonths)} GB x ${unitPrice('s3StandardGbMonth')}/GB-month`,
          perMonth * standardMonths * price('s3StandardGbMonth'),
        ),
      );
      if (glacierMonths > 0) {
        lines.push(
          line(
            `S3 Glacier Flexible Retrieval (${name})`,
            `${qty(perMonth)} GB/month x ${qty(glacierMonths)} months in Glacier ` +
              `(day ${toGlacier} to ${expiry === undefined ? 'a year later' : `expiry at day ${expiry}`}) = ${qty(perMonth * glacierMonths)} GB x ${unitPrice('s3GlacierFlexibleGbMonth')}/GB-month`,
            perMonth * glacierMonths * price('s3GlacierFlexibleGbMonth'),
          ),
        );
      }
    }
    return lines;
  },
};
