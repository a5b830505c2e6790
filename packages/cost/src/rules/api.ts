import { AWS } from '@payments/aws-types';
import type { PriceKey } from '../prices';
import { arr, line, num, obj, plural, qty, str, type CostLine, type CostRule } from './rule';

/** Runs a month of an EventBridge `rate(n minute[s]|hour[s]|day[s])` schedule; undefined for anything else. */
export function scheduledRunsPerMonth(expression: string, hoursPerMonth: number): number | undefined {
  const match = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression);
  if (!match) return undefined;
  const minutes =
    Number(match[1]) * ({ minute: 1, hour: 60, day: 1440 } as const)[match[2]!.replace(/s$/, '') as 'minute'];
  return (hoursPerMonth * 60) / minutes;
}

/**
 * The API's traffic: REST requests per stage, each Lambda function (the ones behind the API, found by their
 * `apigateway.amazonaws.com` permission, get the API requests; the ones an EventBridge schedule invokes, found by
 * their `events.amazonaws.com` permission, run as often as the rule says), and the X-Ray traces of what is traced.
 */
export const apiCosts: CostRule = {
  types: [AWS.apigatewayStage, AWS.lambdaFunction, AWS.lambdaPermission, AWS.cloudwatchEventRule],
  estimate({ ofType, usage, price, unitPrice }) {
    const lines: CostLine[] = [];
    const ruleRuns = new Map(
      ofType(AWS.cloudwatchEventRule).flatMap((rule) => {
        const runs = scheduledRunsPerMonth(str(rule.inputs.scheduleExpression) ?? '', usage.hoursPerMonth);
        return runs === undefined ? [] : [[str(rule.inputs.name) ?? '', runs] as const];
      }),
    );
    const scheduled = new Map<string, number>();
    for (const p of ofType(AWS.lambdaPermission)) {
      if (p.inputs.principal !== 'events.amazonaws.com') continue;
      const fn = str(p.inputs.function) ?? str(p.inputs.functionName);
      const rule = /:rule\/(.+)$/.exec(str(p.inputs.sourceArn) ?? '')?.[1];
      const runs = rule === undefined ? undefined : ruleRuns.get(rule);
      if (fn !== undefined && runs !== undefined) scheduled.set(fn, (scheduled.get(fn) ?? 0) + runs);
    }
    const apiFunctions = new Set(
      ofType(AWS.lambdaPermission)
        .filter((r) => r.inputs.principal === 'apigateway.amazonaws.com')
        .map((r) => str(r.inputs.function) ?? str(r.inputs.functionName))
        .filter((name): name is string => name !== undefined),
    );
    const requests = usage.apiRequestsPerMonth;
    const stages = ofType(AWS.apigatewayStage);
    if (stages.length > 0) {
      lines.push(
        line(
          'API Gateway REST requests',
          `${qty(requests)} requests/month (assumed) over ${plural(stages.length, 'stage')} x ${unitPrice('restApiMillionRequests')}/million`,
          (requests / 1e6) * price('restApiMillionRequests'),
        ),
      );
    }

    const traced: { source: string; count: number }[] = [];
    let apiTraced = stages.some((s) => s.inputs.xrayTracingEnabled === true);
    for (const fn of ofType(AWS.lambdaFunction)) {
      const name = str(fn.inputs.name) ?? fn.name ?? 'function';
      const fronted = apiFunctions.has(name);
      const runs = scheduled.get(name);
      const invocations = fronted ? requests : (runs ?? usage.otherFunctionInvocationsPerMonth);
      const ms = fronted
        ? usage.apiFunctionDurationMs
        : runs !== undefined
          ? usage.scheduledFunctionDurationMs
          : usage.otherFunctionDurationMs;
      const memoryGb = (num(fn.inputs.memorySize) ?? 128) / 1024;
      const gbSecond: PriceKey = arr(fn.inputs.architectures).includes('arm64')
        ? 'lambdaGbSecondArm'
        : 'lambdaGbSecondX86';
      const gbSeconds = invocations * (ms / 1000) * memoryGb;
      lines.push(
        line(
          `Lambda ${name}`,
          `${qty(Math.round(invocations))} invocations/month (${fronted ? 'API requests' : runs !== undefined ? 'its schedule' : 'assumed'}) x ${qty(ms)} ms x ${qty(memoryGb)} GB = ` +
            `${qty(gbSeconds)} GB-s x ${unitPrice(gbSecond)}/GB-s + invocations x ${unitPrice('lambdaMillionRequests')}/million`,
          gbSeconds * price(gbSecond) + (invocations / 1e6) * price('lambdaMillionRequests'),
        ),
      );
      if (obj(fn.inputs.tracingConfig).mode === 'Active') {
        // A request traced at the stage and in its function is one trace.
        if (fronted) apiTraced = true;
        else traced.push({ source: `${name} invocations`, count: invocations });
      }
    }
    if (apiTraced) traced.unshift({ source: 'API requests', count: requests });
    if (traced.length > 0) {
      const seconds = usage.hoursPerMonth * 3600;
      // The default sampling rule: the first request each second, then 5% of the rest; traffic spread evenly.
      const sampled = (n: number) => Math.min(n, seconds) + 0.05 * Math.max(0, n - seconds);
      const traces = traced.reduce((n, t) => n + sampled(t.count), 0);
      lines.push(
        line(
          'X-Ray traces',
          `${qty(Math.round(traces))} traces/month (default sampling of ${traced.map((t) => `${qty(t.count)} ${t.source}`).join(' + ')}) x ${unitPrice('xrayMillionTraces')}/million`,
          (traces / 1e6) * price('xrayMillionTraces'),
        ),
      );
    }
    return lines;
  },
};
