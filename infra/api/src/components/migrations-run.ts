import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

/** The event the deploy sends; the migrations function ignores it, it is there for the function's logs. */
export const DEPLOY_MIGRATIONS_EVENT = { trigger: 'deploy' } as const;

export interface MigrationsRunArgs {
  /** The migrations function. The run waits for it, so it applies what the function's current code ships. */
  function: aws.lambda.Function;
  /** `migrationsHash()` of apps/payments-handler: when a migration file changes, the function runs again. */
  migrationsHash: string;
  /**
   * The database's `clusterResourceId`: it changes when the cluster is replaced (a new, empty database), and then
   * the function runs again even though no migration changed.
   */
  clusterResourceId: pulumi.Input<string>;
}

/**
 * Runs the schema migrations at deploy time: an `aws.lambda.Invocation` (RequestResponse) of the migrations
 * function, created (so run) when the stack is first deployed and replaced (so run again) whenever
 * `migrationsHash` or the cluster's identity changes. A migration that fails makes the function throw, which fails the deploy. Resources
 * that must not run against an older schema (the payments function) depend on `invocation`.
 */
export class MigrationsRun extends pulumi.ComponentResource {
  readonly invocation: aws.lambda.Invocation;
  /** The function's answer, `{"applied": [...], "skipped": [...]}`. */
  readonly result: pulumi.Output<string>;

  constructor(name: string, args: MigrationsRunArgs, opts?: pulumi.ComponentResourceOptions) {
    super('payments:api:MigrationsRun', name, {}, opts);

    this.invocation = new aws.lambda.Invocation(
      `${name}-invocation`,
      {
        functionName: args.function.name,
        input: JSON.stringify(DEPLOY_MIGRATIONS_EVENT),
        triggers: { migrations: args.migrationsHash, cluster: args.clusterResourceId },
      },
      { parent: this, dependsOn: [args.function] },
    );

    this.result = this.invocation.result;
    this.registerOutputs({ result: this.result });
  }
}
