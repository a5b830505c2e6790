import { AWS } from '@payments/aws-types';
import { describePolicies } from '../testing/cases';
import { get, remove } from '../testing/fixtures';
import { wafPolicies } from './waf';

const ACL: [string, string] = [AWS.wafv2WebAcl, 'waf-web-acl'];

describePolicies(wafPolicies, {
  'waf-managed-rules-with-metrics': [
    {
      title: 'a web ACL without known bad inputs (Log4j) and without metrics',
      change: (stack) => {
        const acl = get(stack, 'waf-web-acl').inputs as {
          rules: Record<string, unknown>[];
          visibilityConfig: unknown;
        };
        acl.rules = acl.rules
          .slice(0, 1)
          .map((rule) => ({ ...rule, visibilityConfig: { cloudwatchMetricsEnabled: false } }));
        acl.visibilityConfig = { cloudwatchMetricsEnabled: false };
      },
      messages: [
        "web ACL 'payments-prod-api' does not run AWSManagedRulesKnownBadInputsRuleSet: add a rule with statement: { managedRuleGroupStatement: { vendorName: 'AWS', name: '<group>' } } and overrideAction: { none: {} } for each.",
        "web ACL 'payments-prod-api' publishes no CloudWatch metrics: set visibilityConfig.cloudwatchMetricsEnabled: true.",
        "web ACL 'payments-prod-api' has rule(s) without CloudWatch metrics (AWSManagedRulesCommonRuleSet): set visibilityConfig.cloudwatchMetricsEnabled: true on each rule.",
      ],
      at: ACL,
    },
  ],
  'waf-logging': [
    {
      title: 'a web ACL that logs nothing',
      change: (stack) => {
        remove(stack, 'waf-logging');
      },
      messages: [
        "web ACL 'payments-prod-api' logs no requests: add an aws.wafv2.WebAclLoggingConfiguration with resourceArn: <web ACL ARN> and logDestinationConfigs: [<ARN of a log group named aws-waf-logs-<...>>] (PCI DSS 10.2).",
      ],
      at: ACL,
    },
    {
      title: 'logging to a group WAF refuses, with bearer tokens',
      change: (stack) => {
        const logging = get(stack, 'waf-logging').inputs;
        logging.logDestinationConfigs = ['arn:aws:logs:us-east-1:123456789012:log-group:payments-prod-waf'];
        delete logging.redactedFields;
      },
      messages: [
        "the logging configuration of web ACL 'payments-prod-api' does not deliver to a log group named aws-waf-logs-...: WAF accepts only such groups; use the storage stack's WAF log group.",
        "the logging configuration of web ACL 'payments-prod-api' keeps merchants' bearer tokens in the logs: add redactedFields: [{ singleHeader: { name: 'authorization' } }].",
      ],
      at: [AWS.wafv2WebAclLoggingConfiguration, 'waf-logging'],
    },
  ],
});
