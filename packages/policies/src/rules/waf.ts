import type * as aws from '@pulumi/aws';
import type { Unwrap } from '@pulumi/pulumi';
import { AWS } from '@payments/aws-types';
import { belongsTo, ofType, stackPolicy } from '../define';
import { list, record, text } from '../inspect';

// WAFv2 web ACLs (WAF.10/11/12; Checkov CKV_AWS_175/192, CKV2_AWS_31/77; cdk-nag NIST/PCI WAFv2LoggingEnabled).

type WebAclArgs = Unwrap<aws.wafv2.WebAclArgs>;

/**
 * The AWS managed rule groups every web ACL runs: the core rule set, and known bad inputs, which blocks the Log4j
 * JNDI lookups (CVE-2021-44228) Checkov CKV_AWS_192 and CKV2_AWS_77 look for.
 */
export const REQUIRED_MANAGED_RULE_GROUPS = [
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesKnownBadInputsRuleSet',
] as const;

export const wafManagedRulesWithMetrics = stackPolicy({
  name: 'waf-managed-rules-with-metrics',
  description: `WAF.10/WAF.12: every web ACL runs the AWS managed rule groups ${REQUIRED_MANAGED_RULE_GROUPS.join(' and ')} (Log4j included), and it and each rule publish CloudWatch metrics.`,
  validate: (args, report) => {
    for (const { resource, props } of ofType<WebAclArgs>(args.resources, AWS.wafv2WebAcl)) {
      const label = `web ACL '${text(props.name) ?? resource.name}'`;
      const rules = list(props.rules).map((r) => record(r) ?? {});
      const groups = rules.map((r) => text(record(record(r.statement)?.managedRuleGroupStatement)?.name));
      const missing = REQUIRED_MANAGED_RULE_GROUPS.filter((g) => !groups.includes(g));
      if (missing.length > 0) {
        report(
          `${label} does not run ${missing.join(', ')}: add a rule with statement: { managedRuleGroupStatement: { vendorName: 'AWS', name: '<group>' } } and overrideAction: { none: {} } for each.`,
          resource.urn,
        );
      }
      if (record(props.visibilityConfig)?.cloudwatchMetricsEnabled !== true) {
        report(
          `${label} publishes no CloudWatch metrics: set visibilityConfig.cloudwatchMetricsEnabled: true.`,
          resource.urn,
        );
      }
      const dark = rules.filter((r) => record(r.visibilityConfig)?.cloudwatchMetricsEnabled !== true);
      if (dark.length > 0) {
        report(
          `${label} has rule(s) without CloudWatch metrics (${dark.map((r) => text(r.name) ?? '?').join(', ')}): set visibilityConfig.cloudwatchMetricsEnabled: true on each rule.`,
          resource.urn,
        );
      }
    }
  },
});

/** WAF only delivers to CloudWatch Logs groups whose name starts with this (AWS WAF developer guide, logging destinations). */
export const WAF_LOG_GROUP_PREFIX = 'aws-waf-logs-';

export const wafLogging = stackPolicy({
  name: 'waf-logging',
  description: `WAF.11: every web ACL has an aws.wafv2.WebAclLoggingConfiguration to a CloudWatch log group named ${WAF_LOG_GROUP_PREFIX}..., with the Authorization header redacted.`,
  validate: (args, report) => {
    const configs = ofType<Unwrap<aws.wafv2.WebAclLoggingConfigurationArgs>>(
      args.resources,
      AWS.wafv2WebAclLoggingConfiguration,
    );
    for (const { resource: acl, props } of ofType<WebAclArgs>(args.resources, AWS.wafv2WebAcl)) {
      const label = `web ACL '${text(props.name) ?? acl.name}'`;
      const mine = configs.filter(({ resource }) => belongsTo(resource, acl));
      if (mine.length === 0) {
        report(
          `${label} logs no requests: add an aws.wafv2.WebAclLoggingConfiguration with resourceArn: <web ACL ARN> and logDestinationConfigs: [<ARN of a log group named ${WAF_LOG_GROUP_PREFIX}<...>>] (PCI DSS 10.2).`,
          acl.urn,
        );
      }
      for (const { resource, props: config } of mine) {
        const destinations = list(config.logDestinationConfigs).map(String);
        if (!destinations.some((d) => d.includes(`:log-group:${WAF_LOG_GROUP_PREFIX}`))) {
          report(
            `the logging configuration of ${label} does not deliver to a log group named ${WAF_LOG_GROUP_PREFIX}...: WAF accepts only such groups; use the storage stack's WAF log group.`,
            resource.urn,
          );
        }
        const redacted = list(config.redactedFields).some(
          (f) => text(record(record(f)?.singleHeader)?.name)?.toLowerCase() === 'authorization',
        );
        if (!redacted) {
          report(
            `the logging configuration of ${label} keeps merchants' bearer tokens in the logs: add redactedFields: [{ singleHeader: { name: 'authorization' } }].`,
            resource.urn,
          );
        }
      }
    }
  },
});

export const wafPolicies = [wafManagedRulesWithMetrics, wafLogging];
