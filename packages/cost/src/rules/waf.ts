import { AWS } from '@payments/aws-types';
import { arr, line, plural, qty, str, type CostRule } from './rule';

/** WAF web ACLs: the ACL, its rules and the API requests it inspects. */
export const wafCosts: CostRule = {
  types: [AWS.wafv2WebAcl],
  estimate({ ofType, usage, price, unitPrice }) {
    const requests = usage.apiRequestsPerMonth;
    return ofType(AWS.wafv2WebAcl).map((acl) => {
      const rules = arr(acl.inputs.rules).length;
      return line(
        `WAF web ACL ${str(acl.inputs.name) ?? acl.name ?? ''}`.trim(),
        `1 web ACL x ${unitPrice('wafWebAclMonth')} + ${plural(rules, 'rule')} x ${unitPrice('wafRuleMonth')} + ${qty(requests)} requests/month (API requests) x ${unitPrice('wafMillionRequests')}/million`,
        price('wafWebAclMonth') +
          rules * price('wafRuleMonth') +
          (requests / 1e6) * price('wafMillionRequests'),
      );
    });
  },
};
