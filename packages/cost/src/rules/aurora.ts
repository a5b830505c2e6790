import { AWS } from '@payments/aws-types';
import { line, num, obj, plural, qty, str, type CostLine, type CostRule } from './rule';

/**
 * Aurora Serverless v2 per cluster: compute of its `db.serverless` instances at the configured minimum (min) and
 * maximum (max) capacity, storage and I/O.
 */
export const auroraCosts: CostRule = {
  types: [AWS.rdsCluster, AWS.rdsClusterInstance],
  estimate({ ofType, usage, price, unitPrice }) {
    const hours = usage.hoursPerMonth;
    const lines: CostLine[] = [];
    const instances = ofType(AWS.rdsClusterInstance);
    for (const cluster of ofType(AWS.rdsCluster)) {
      const id = str(cluster.inputs.clusterIdentifier);
      const label = id ?? cluster.name ?? 'cluster';
      const members = instances.filter((i) => id === undefined || str(i.inputs.clusterIdentifier) === id);
      const serverless = members.filter((i) => i.inputs.instanceClass === 'db.serverless').length;
      const other = members.filter((i) => i.inputs.instanceClass !== 'db.serverless');
      if (serverless > 0) {
        const scaling = obj(cluster.inputs.serverlessv2ScalingConfiguration);
        const minAcu = num(scaling.minCapacity) ?? 0;
        const maxAcu = num(scaling.maxCapacity) ?? minAcu;
        const perAcu = serverless * hours * price('auroraServerlessV2AcuHour');
        lines.push(
          line(
            `Aurora Serverless v2 compute (${label})`,
            `${plural(serverless, 'serverless instance')} x ${qty(minAcu)} ACU${minAcu === 0 ? ' (auto-paused)' : ''} for min, ` +
              `${qty(maxAcu)} ACU for max (configured range), all month x ${qty(hours)} h x ${unitPrice('auroraServerlessV2AcuHour')}/ACU-h`,
            minAcu * perAcu,
            maxAcu * perAcu,
          ),
        );
      }
      if (other.length > 0) {
        const classes = [...new Set(other.map((i) => String(i.inputs.instanceClass)))].join(', ');
        lines.push(
          line(
            `Aurora provisioned instances (${label})`,
            `not estimated: no price for ${classes} in the price file`,
            0,
          ),
        );
      }
      lines.push(
        line(
          `Aurora storage (${label})`,
          `${qty(usage.auroraStorageGb)} GB volume (assumed) x ${unitPrice('auroraStorageGbMonth')}/GB-month; backups within retention free up to that size`,
          usage.auroraStorageGb * price('auroraStorageGbMonth'),
        ),
        line(
          `Aurora I/O (${label})`,
          `${qty(usage.auroraIoMillionsPerMonth)} million I/O requests/month (assumed) x ${unitPrice('auroraIoMillion')}/million`,
          usage.auroraIoMillionsPerMonth * price('auroraIoMillion'),
        ),
      );
    }
    // Enhanced monitoring (RDS.6) bills as CloudWatch Logs: what its instances write to RDSOSMetrics (kept 30 days,
    // the group RDS creates).
    const monitored = instances.filter((i) => (num(i.inputs.monitoringInterval) ?? 0) > 0).length;
    if (monitored > 0) {
      const gb = monitored * usage.enhancedMonitoringGbPerInstanceMonth;
      lines.push(
        line(
          'Aurora enhanced monitoring',
          `${plural(monitored, 'instance')} x ${qty(usage.enhancedMonitoringGbPerInstanceMonth)} GB/month (assumed) into RDSOSMetrics x ${unitPrice('logsIngestGb')}/GB + ${qty(gb)} GB stored 30 days x ${unitPrice('logsStorageGbMonth')}/GB-month`,
          gb * price('logsIngestGb') + gb * price('logsStorageGbMonth'),
        ),
      );
    }
    return lines;
  },
};
