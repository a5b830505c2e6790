import { createHash } from 'node:crypto';
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { Settings } from '@payments/config';
import type { AwsAccount } from '@payments/stack';

export type AlarmSubscription = Settings['alarms']['subscriptions'][number];

export interface AlarmTopicArgs {
  /** Physical topic name. */
  topicName: string;
  account: AwsAccount;
  kmsKeyArn: pulumi.Input<string>;
  /**
   * `alarms.subscriptions` (DESIGN-12): where alarms go. Email and https endpoints confirm the subscription once,
   * outside the deploy; an SQS queue's or Lambda function's own policy must let this topic deliver to it.
   */
  subscriptions: readonly AlarmSubscription[];
}

/** A subscription's logical name: by protocol and endpoint, so reordering the list replaces nothing. */
export function subscriptionName(name: string, { protocol, endpoint }: AlarmSubscription): string {
  return `${name}-${protocol}-${createHash('sha256').update(endpoint).digest('hex').slice(0, 8)}`;
}

/** The environment's alarm topic: every alarm of the network, database and api stacks notifies it. */
export class AlarmTopic extends pulumi.ComponentResource {
  readonly topicArn: pulumi.Output<string>;

  constructor(name: string, args: AlarmTopicArgs, opts?: pulumi.ComponentResourceOptions) {
    super('payments:network:AlarmTopic', name, {}, opts);
    const topic = new aws.sns.Topic(
      `${name}-topic`,
      { name: args.topicName, kmsMasterKeyId: args.kmsKeyArn },
      { parent: this },
    );

    new aws.sns.TopicPolicy(
      `${name}-policy`,
      {
        arn: topic.arn,
        policy: pulumi
          .all([topic.arn, args.account.accountId, args.account.partition])
          .apply(([topicArn, account, part]) =>
            JSON.stringify({
              Version: '2012-10-17',
              Statement: [
                {
                  // Publishers use TLS (cdk-nag AwsSolutions-SNS3).
                  Sid: 'DenyPublishWithoutTls',
                  Effect: 'Deny',
                  Principal: '*',
                  Action: 'sns:Publish',
                  Resource: topicArn,
                  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
                },
                {
                  // Only this account's alarms, in this region, may publish (confused deputy).
                  Sid: 'CloudWatchAlarmsPublish',
                  Effect: 'Allow',
                  Principal: { Service: 'cloudwatch.amazonaws.com' },
                  Action: 'sns:Publish',
                  Resource: topicArn,
                  Condition: {
                    StringEquals: { 'aws:SourceAccount': account },
                    ArnLike: {
                      'aws:SourceArn': `arn:${part}:cloudwatch:${args.account.region}:${account}:alarm:*`,
                    },
                  },
                },
              ],
            }),
          ),
      },
      { parent: this },
    );

    for (const subscription of args.subscriptions) {
      new aws.sns.TopicSubscription(
        subscriptionName(name, subscription),
        { topic: topic.arn, protocol: subscription.protocol, endpoint: subscription.endpoint },
        { parent: this },
      );
    }

    this.topicArn = topic.arn;
    this.registerOutputs({ topicArn: this.topicArn });
  }
}
