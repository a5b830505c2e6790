import type * as aws from '@pulumi/aws';
import type { Unwrap } from '@pulumi/pulumi';
import { AWS } from '@payments/aws-types';
import { identityPolicy, resourcePolicy } from '../define';
import {
  actionMatches,
  actionsOf,
  anyPrincipal,
  conditionKeys,
  identityPolicyLabel,
  isAllow,
  resourcesOf,
  statementLabel,
} from '../documents';
import { environmentOfUrn } from '../environment';
import { json, statements } from '../inspect';

// KMS keys and who may use them (KMS.1/2/3/5; Checkov CKV_AWS_33, CKV_AWS_227, CKV2_AWS_64). Rotation is
// kms-key-rotation (kms-logs.ts).

type KeyArgs = Unwrap<aws.kms.KeyArgs>;

export const kmsKeyPolicyNoPublicPrincipal = resourcePolicy<KeyArgs>({
  name: 'kms-key-policy-no-public-principal',
  description:
    'KMS.5: every key has an explicit key policy, and no statement allows Principal "*" unless it is limited to our account with kms:CallerAccount.',
  types: [AWS.kmsKey],
  validate: (props, _args, report) => {
    if (json(props.policy) === undefined) {
      report(
        'the key has no key policy, so KMS applies its default (the whole account through IAM): give it the policy of packages/stack keyPolicy (CustomerManagedKey does).',
      );
      return;
    }
    statements(props.policy).forEach((s, i) => {
      if (isAllow(s) && anyPrincipal(s) && !conditionKeys(s).includes('kms:calleraccount')) {
        report(
          `key policy ${statementLabel(s, i)} allows Principal '*' without kms:CallerAccount: name the principal or service, or add Condition: { StringEquals: { 'kms:CallerAccount': <account ID> } }.`,
        );
      }
    });
  },
});

/** The actions that read data with a key; KMS.1/KMS.2 forbid them on every key. */
const DECRYPTING = ['kms:Decrypt', 'kms:ReEncryptFrom'];

/** Whether a Resource pattern names every key (`*`, `arn:aws:kms:*:*:key/*`, ...). */
const everyKey = (resource: string): boolean =>
  resource === '*' || /^arn:[^:]*:kms:[^:]*:[^:]*:\*$|^arn:[^:]*:kms:[^:]*:[^:]*:key\/\*$/.test(resource);

export const kmsNoDecryptOnAllKeys = identityPolicy<{ policy?: unknown }>({
  name: 'kms-no-decrypt-on-all-keys',
  description:
    'KMS.1/KMS.2: no identity policy allows kms:Decrypt or kms:ReEncryptFrom on every key; each names the key ARN it decrypts with.',
  types: [AWS.iamRolePolicy, AWS.iamPolicy],
  validate: (props, resource, report) => {
    const label = identityPolicyLabel(resource.props, resource.name);
    statements(props.policy).forEach((s, i) => {
      if (!isAllow(s) || !resourcesOf(s).some(everyKey)) return;
      const decrypting = DECRYPTING.filter((action) => actionsOf(s).some((a) => actionMatches(a, action)));
      if (decrypting.length > 0) {
        report(
          `${label} ${statementLabel(s, i)} allows ${decrypting.join(', ')} on every KMS key: set Resource to the ARN of the key that encrypts the data (e.g. the database stack's kmsKeyArn).`,
        );
      }
    });
  },
});

/** KMS waits 7 to 30 days before deleting a key; prod keeps the longest. */
export const KEY_DELETION_WINDOW_DAYS = { min: 7, max: 30, prod: 30 } as const;

export const kmsKeyEnabledDeletionWindow = resourcePolicy<KeyArgs>({
  name: 'kms-key-enabled-deletion-window',
  description: `KMS.3: every key is enabled and sets its deletion window (${KEY_DELETION_WINDOW_DAYS.min}-${KEY_DELETION_WINDOW_DAYS.max} days, ${KEY_DELETION_WINDOW_DAYS.prod} in prod), so scheduling its deletion can still be cancelled.`,
  types: [AWS.kmsKey],
  validate: (props, args, report) => {
    if (props.isEnabled === false) {
      report(
        'isEnabled is false: a disabled key makes the data it encrypts unreadable; remove isEnabled: false.',
      );
    }
    const days = props.deletionWindowInDays;
    const { min, max, prod } = KEY_DELETION_WINDOW_DAYS;
    if (days === undefined) {
      report(
        `deletionWindowInDays is not set: set it (${prod} in prod; CustomerManagedKey takes it from the environment) so a scheduled deletion can be cancelled.`,
      );
    } else if (days < min || days > max) {
      report(`deletionWindowInDays ${days} is outside ${min}-${max}: KMS refuses it.`);
    } else if (environmentOfUrn(args.urn) === 'prod' && days < prod) {
      report(
        `deletionWindowInDays ${days} is below ${prod} in prod: give people the longest time to cancel.`,
      );
    }
  },
});

export const kmsPolicies = [
  kmsKeyPolicyNoPublicPrincipal,
  kmsNoDecryptOnAllKeys,
  kmsKeyEnabledDeletionWindow,
];
