import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

/** The application log groups, by what writes to them. */
export const LOG_GROUPS = ['payments', 'migrations', 'relay', 'apiAccess'] as const;

export type LogGroupKey = (typeof LOG_GROUPS)[number];

export interface LogGroupsArgs {
  /** Physical name of each group: `namer.physical('logGroup', ...)`. */
  names: Readonly<Record<LogGroupKey, string>>;
  /** KMS key encrypting every group; its policy must let CloudWatch Logs use it for these names. */
  kmsKeyArn: pulumi.Input<string>;
  retentionInDays: number;
  /** Pulumi `protect` on every group: `pulumi destroy` refuses until it is lifted. */
  protect: boolean;
}

// Child logical names stay kebab-case like every other Pulumi name.
const CHILD_SUFFIX: Record<LogGroupKey, string> = {
  payments: 'payments',
  migrations: 'migrations',
  relay: 'relay',
  apiAccess: 'api-access',
};

/**
 * The application's log groups, created ahead of their writers so that retention and encryption are set
 * before the first event (the API stack points its Lambda functions and access logs at them).
 */
export class LogGroups extends pulumi.ComponentResource {
  readonly names: Record<LogGroupKey, pulumi.Output<string>>;
  readonly arns: Record<LogGroupKey, pulumi.Output<string>>;

  constructor(name: string, args: LogGroupsArgs, opts?: pulumi.ComponentResourceOptions) {
    super('payments:storage:LogGroups', name, {}, opts);

    const groups = Object.fromEntries(
      LOG_GROUPS.map((key) => [
        key,
        new aws.cloudwatch.LogGroup(
          `${name}-${CHILD_SUFFIX[key]}`,
          { name: args.names[key], kmsKeyId: args.kmsKeyArn, retentionInDays: args.retentionInDays },
          { parent: this, protect: args.protect },
        ),
      ]),
    ) as Record<LogGroupKey, aws.cloudwatch.LogGroup>;

    const each = <T>(pick: (group: aws.cloudwatch.LogGroup) => T) =>
      Object.fromEntries(LOG_GROUPS.map((key) => [key, pick(groups[key])])) as Record<LogGroupKey, T>;
    this.names = each((group) => group.name);
    this.arns = each((group) => group.arn);
    this.registerOutputs({ names: this.names, arns: this.arns });
  }
}
