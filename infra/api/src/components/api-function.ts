import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { HANDLER_ENTRYPOINT, type HandlerKind } from '@payments/payments-handler';
import { handlerArchive } from '../handler-archive';
import { FunctionRole, type FunctionRoleArgs } from './function-role';

export interface ApiFunctionArgs {
  kind: HandlerKind;
  /** Physical function name. */
  functionName: string;
  /** The execution role's names and grants; the log group it may write to is `logGroupArn` below. */
  role: Omit<FunctionRoleArgs, 'logGroupArn' | 'tracing'>;
  runtime: string;
  memoryMb: number;
  timeoutSeconds: number;
  /** Defaults to DEFAULT_RESERVED_CONCURRENCY (CKV_AWS_115: every function reserves its concurrency). */
  reservedConcurrency?: number;
  /** The customer managed key that encrypts the function's environment variables (CKV_AWS_173). */
  kmsKeyArn?: pulumi.Input<string>;
  tracing: boolean;
  /** Private subnets across 2+ AZs (Security Hub Lambda.5) and the function's security group. */
  subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  securityGroupId: pulumi.Input<string>;
  /** The log group the storage stack made for this function (retention, KMS encryption). */
  logGroupName: pulumi.Input<string>;
  logGroupArn: pulumi.Input<string>;
  environment: pulumi.Input<Record<string, string>>;
  /** Resources the function is created and updated after (payments: the deploy's migration run). */
  dependsOn?: pulumi.Resource[];
}

/**
 * Reserved concurrency when the stack passes none: a cap, so one function cannot take the account's whole
 * concurrency nor open unbounded connections. Sizing it is the database's concern (how many connections the
 * cluster's ACU range serves), not this component's: this is a simple value until that sizing sets it.
 */
export const DEFAULT_RESERVED_CONCURRENCY = 100;

/** One Lambda function of the API stack, in the VPC, logging JSON to its own log group, with its own role. */
export class ApiFunction extends pulumi.ComponentResource {
  readonly role: FunctionRole;
  readonly function: aws.lambda.Function;
  readonly functionName: pulumi.Output<string>;
  readonly arn: pulumi.Output<string>;
  readonly invokeArn: pulumi.Output<string>;

  constructor(name: string, args: ApiFunctionArgs, opts?: pulumi.ComponentResourceOptions) {
    super('payments:api:ApiFunction', name, {}, opts);

    this.role = new FunctionRole(
      `${name}-role`,
      { ...args.role, logGroupArn: args.logGroupArn, tracing: args.tracing },
      { parent: this },
    );

    this.function = new aws.lambda.Function(
      `${name}-function`,
      {
        name: args.functionName,
        description: `Payments API: ${args.kind}`,
        role: this.role.arn,
        runtime: args.runtime,
        handler: HANDLER_ENTRYPOINT,
        code: handlerArchive(args.kind),
        memorySize: args.memoryMb,
        timeout: args.timeoutSeconds,
        reservedConcurrentExecutions: args.reservedConcurrency ?? DEFAULT_RESERVED_CONCURRENCY,
        ...(args.kmsKeyArn === undefined ? {} : { kmsKeyArn: args.kmsKeyArn }),
        vpcConfig: { subnetIds: args.subnetIds, securityGroupIds: [args.securityGroupId] },
        tracingConfig: { mode: args.tracing ? 'Active' : 'PassThrough' },
        loggingConfig: { logFormat: 'JSON', logGroup: args.logGroupName },
        environment: { variables: args.environment },
      },
      // Creating a VPC function checks that its role may manage ENIs: the policy must exist first.
      { parent: this, dependsOn: [this.role.policy, ...(args.dependsOn ?? [])] },
    );

    this.functionName = this.function.name;
    this.arn = this.function.arn;
    this.invokeArn = this.function.invokeArn;
    this.registerOutputs({ functionName: this.functionName, arn: this.arn, invokeArn: this.invokeArn });
  }
}
