import { AWS } from '@payments/aws-types';
import { line, num, qty, str, type CostRule } from './rule';

/**
 * CloudWatch Logs, one line per group: ingestion from what writes to it (the storage stack's exports name the
 * API access log and the functions' groups; a flow log's destination; `/aws/rds/...`), storage by its retention.
 */
export const logCosts: CostRule = {
  types: [AWS.cloudwatchLogGroup, AWS.ec2FlowLog],
  estimate({ ofType, outputs, usage, price, unitPrice, months }) {
    const requests = usage.apiRequestsPerMonth;
    const flowLogDestinations = ofType(AWS.ec2FlowLog).map((f) => str(f.inputs.logDestination) ?? '');
    return ofType(AWS.cloudwatchLogGroup).map((group) => {
      const name = str(group.inputs.name) ?? group.name ?? 'log group';
      let gb: number;
      let source: string;
      if (name === outputs.apiAccessLogGroupName) {
        gb = (requests * usage.accessLogKbPerRequest) / 1e6;
        source = `${qty(requests)} API requests x ${qty(usage.accessLogKbPerRequest)} KB`;
      } else if (name === outputs.paymentsLogGroupName) {
        gb = (requests * usage.functionLogKbPerInvocation) / 1e6;
        source = `${qty(requests)} invocations x ${qty(usage.functionLogKbPerInvocation)} KB`;
      } else if (name === outputs.migrationsLogGroupName || name === outputs.relayLogGroupName) {
        gb = (usage.otherFunctionInvocationsPerMonth * usage.functionLogKbPerInvocation) / 1e6;
        source = `${qty(usage.otherFunctionInvocationsPerMonth)} invocations x ${qty(usage.functionLogKbPerInvocation)} KB`;
      } else if (
        flowLogDestinations.some(
          (d) => d.endsWith(`:log-group:${name}`) || d.endsWith(`:log-group:${name}:*`),
        )
      ) {
        gb = usage.flowLogGbPerMonth;
        source = 'VPC flow logs, assumed';
      } else if (name.startsWith('aws-waf-logs-')) {
        gb = (requests * usage.wafLogKbPerRequest) / 1e6;
        source = `${qty(requests)} requests inspected by WAF x ${qty(usage.wafLogKbPerRequest)} KB`;
      } else if (name.startsWith('/aws/rds/')) {
        gb = usage.databaseLogGbPerMonth;
        source = 'database log, assumed';
      } else {
        gb = usage.otherLogGbPerMonth;
        source = 'unattributed, assumed';
      }
      const retention = num(group.inputs.retentionInDays);
      const storedMonths = retention && retention > 0 ? months(retention) : 12;
      const stored = gb * storedMonths;
      return line(
        `Log group ${name}`,
        `${qty(gb)} GB/month ingested (${source}) x ${unitPrice('logsIngestGb')}/GB + ${qty(stored)} GB stored ` +
          `(${retention ? `${retention}-day retention` : 'never expires: a year'}) x ${unitPrice('logsStorageGbMonth')}/GB-month`,
        gb * price('logsIngestGb') + stored * price('logsStorageGbMonth'),
      );
    });
  },
};
