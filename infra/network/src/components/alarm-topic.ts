import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { Namer } from '@payments/naming';

export interface AlarmTopicArgs {
  namer: Namer;
  region: string;
  kmsKeyArn: pulumi.Input<string>;
  /** Subscribed by email when set; the address must confirm the subscription once. */
  email?: string;
}

/** The environment's alarm topic: every alarm of the network, database and api stacks notifies it. */
export class AlarmTopic extends pulumi.ComponentResource {
  readonly topicArn: pulumi.Output<string>;

  constructor(name: string, args: AlarmTopicArgs, opts?: pulumi.ComponentResourceOptions) {
    super('payments:network:AlarmTopic', name, {}, opts);
    const { namer } = args;
    const identity = aws.getCallerIdentityOutput({}, { parent: this });
    const partition = aws.getPartitionOutput({}, { parent: this });

    const topic = new aws.sns.Topic(
      `${name}-topic`,
      { name: namer.physical('snsTopic', 'alarms'), kmsMasterKeyId: args.kmsKeyArn },
      { parent: this },
    );

    new aws.sns.TopicPolicy(
      `${name}-policy`,
      {
        arn: topic.arn,
        policy: pulumi
          .all([topic.arn, identity.accountId, partition.partition])
          .apply(([topicArn, account, part]) =>
            JSON.stringify({
              Version: '2012-10-17',
              Statement: [
                {
                  // Only this account's alarms, in this region, may publish (confused deputy).
                  Sid: 'CloudWatchAlarmsPublish',
                  Effect: 'Allow',
                  Principal: { Service: 'cloudwatch.amazonaws.com' },
                  Action: 'sns:Publish',
                  Resource: topicArn,
                  Condition: {
                    StringEquals: { 'aws:SourceAccount': account },
                    ArnLike: { 'aws:SourceArn': `arn:${part}:cloudwatch:${args.region}:${account}:alarm:*` },
                  },
                },
              ],
            }),
          ),
      },
      { parent: this },
    );

    if (args.email !== undefined) {
      new aws.sns.TopicSubscription(
        `${name}-email`,
        { topic: topic.arn, protocol: 'email', endpoint: args.email },
        { parent: this },
      );
    }

    this.topicArn = topic.arn;
    this.registerOutputs({ topicArn: this.topicArn });
  }
}
