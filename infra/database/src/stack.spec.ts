import { ENVIRONMENTS, loadSettings, type Environment } from '@payments/config';
import { AWS } from '@payments/aws-types';
import { contractViolations, upstreamFixtures } from '@payments/contracts';
import { createStackContext, keyPolicyProblems, type KeyPolicyDocument } from '@payments/stack';
import { environmentTokens, stackPath } from '@payments/naming';
import { MOCK_ACCOUNTS, MOCK_REGION, leavesOf, runStack, type StackRun } from '@payments/mocks';
import { createDatabaseStack } from './stack';

/** One program run under mocks exceeds Jest's 5 s on a loaded 2-core machine. */
const STACK_RUN_TIMEOUT_MS = 60_000;

const KEY = AWS.kmsKey;
const ALIAS = AWS.kmsAlias;
const SUBNET_GROUP = AWS.rdsSubnetGroup;
const CLUSTER_PARAMETERS = AWS.rdsClusterParameterGroup;
const INSTANCE_PARAMETERS = AWS.rdsParameterGroup;
const LOG_GROUP = AWS.cloudwatchLogGroup;
const CLUSTER = AWS.rdsCluster;
const INSTANCE = AWS.rdsClusterInstance;
const ALARM = AWS.cloudwatchMetricAlarm;

const ORG = 'organization';

/** docs/design.md "Environments", written out here rather than read from the settings under test. */
// `operations`: enhanced monitoring (RDS.6) and AWS Backup (RDS.26), which dev's config exempts.
const DESIGN = {
  dev: {
    proxy: false,
    minAcu: 0,
    instances: 1,
    backups: 1,
    deletionProtection: false,
    protect: false,
    logDays: 7,
    operations: false,
  },
  staging: {
    proxy: true,
    minAcu: 0.5,
    instances: 2,
    backups: 7,
    deletionProtection: false,
    protect: false,
    logDays: 30,
    operations: true,
  },
  prod: {
    proxy: true,
    minAcu: 2,
    instances: 3,
    backups: 35,
    deletionProtection: true,
    protect: true,
    logDays: 365,
    operations: true,
  },
} as const;

function deploy(env: Environment, overrides?: unknown): Promise<StackRun> {
  return runStack({
    project: 'payments-database',
    stack: env,
    program: () => createDatabaseStack(createStackContext('database', loadSettings(env, overrides))),
    stackOutputs: upstreamFixtures('database', env, ORG),
  });
}

const network = (env: Environment) =>
  upstreamFixtures('database', env, ORG)[stackPath({ org: ORG, domain: 'network', env })]!;

const keyArn = (run: StackRun, env: Environment) =>
  `arn:aws:kms:${MOCK_REGION}:${MOCK_ACCOUNTS[env]}:key/${run.only(KEY).id}`;

const PHYSICAL_NAME_KEYS = [
  'name',
  'clusterIdentifier',
  'identifier',
  'finalSnapshotIdentifier',
  'tags.Name',
];

describe.each(ENVIRONMENTS)('the %s database stack', (env) => {
  const design = DESIGN[env];
  const account = MOCK_ACCOUNTS[env];
  const settings = loadSettings(env);
  let run: StackRun;

  beforeAll(async () => {
    run = await deploy(env);
  }, STACK_RUN_TIMEOUT_MS);

  it('deploys one key, alias, subnet group, pair of parameter groups, log group, cluster and its alarms', () => {
    const counts = Object.fromEntries(
      [KEY, ALIAS, SUBNET_GROUP, CLUSTER_PARAMETERS, INSTANCE_PARAMETERS, LOG_GROUP, CLUSTER, ALARM].map(
        (t) => [t, run.ofType(t).length],
      ),
    );
    expect(counts).toEqual({
      [KEY]: 1,
      [ALIAS]: 1,
      [SUBNET_GROUP]: 1,
      [CLUSTER_PARAMETERS]: 1,
      [INSTANCE_PARAMETERS]: 1,
      [LOG_GROUP]: 1,
      [CLUSTER]: 1,
      // A capacity alarm per instance, and the connections alarm.
      [ALARM]: design.instances + 1,
    });
    // With operations: two roles and their policy attachments, the backup vault, plan and selection.
    // With a proxy: its role and policy, two security group rules, the proxy, its target group and target.
    expect(run.awsResources()).toHaveLength(
      8 + 2 * design.instances + (design.operations ? 7 : 0) + (design.proxy ? 7 : 0),
    );
  });

  it(`${design.operations ? 'watches every instance with enhanced monitoring and backs the cluster up with AWS Backup' : 'builds neither enhanced monitoring nor AWS Backup, which config exempts'}`, () => {
    const roles = run.ofType(AWS.iamRole);
    if (!design.operations) {
      expect(roles).toEqual([]);
      expect(run.resources.filter((r) => r.type.startsWith('aws:backup/'))).toEqual([]);
      for (const instance of run.ofType(INSTANCE)) expect(instance.inputs.monitoringInterval).toBeUndefined();
      return;
    }
    const trust = (service: string) => ({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: service },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:SourceAccount': account } },
        },
      ],
    });
    const monitoring = run.named(AWS.iamRole, 'database-operations-monitoring-role');
    expect(monitoring.inputs.name).toBe(`payments-${env}-rds-monitoring`);
    expect(run.json(monitoring, 'assumeRolePolicy')).toEqual(trust('monitoring.rds.amazonaws.com'));
    for (const instance of run.ofType(INSTANCE)) {
      expect(instance.inputs).toMatchObject({
        monitoringInterval: 60,
        monitoringRoleArn: `arn:aws:iam::${account}:role/payments-${env}-rds-monitoring`,
      });
    }
    const backupRole = run.named(AWS.iamRole, 'database-operations-backup-role');
    expect(run.json(backupRole, 'assumeRolePolicy')).toEqual(trust('backup.amazonaws.com'));
    expect(
      run
        .ofType(AWS.iamRolePolicyAttachment)
        .map((a) => a.inputs.policyArn)
        .sort(),
    ).toEqual([
      'arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup',
      'arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole',
    ]);
    expect(run.only(AWS.backupVault).inputs).toEqual({
      name: `payments-${env}-aurora`,
      kmsKeyArn: `arn:aws:kms:${MOCK_REGION}:${account}:key/${run.only(KEY).id}`,
    });
    expect(run.only(AWS.backupPlan).inputs).toMatchObject({
      name: `payments-${env}-aurora-daily`,
      rules: [
        {
          ruleName: 'daily',
          targetVaultName: `payments-${env}-aurora`,
          schedule: 'cron(0 5 * * ? *)',
          lifecycle: { deleteAfter: design.backups },
        },
      ],
    });
    expect(run.only(AWS.backupSelection).inputs).toEqual({
      name: `payments-${env}-aurora-cluster`,
      planId: run.only(AWS.backupPlan).id,
      iamRoleArn: `arn:aws:iam::${account}:role/payments-${env}-aws-backup`,
      resources: [`arn:aws:rds:${MOCK_REGION}:${account}:cluster:payments-${env}-aurora`],
    });
  });

  it(
    design.proxy ? 'fronts the cluster with an RDS Proxy: IAM auth end to end, TLS only' : 'has no RDS Proxy',
    () => {
      if (!design.proxy) {
        expect(run.ofType(AWS.rdsProxy)).toEqual([]);
        expect(run.outputs).toMatchObject({ proxyEndpoint: '', proxyResourceId: '' });
        return;
      }
      const proxy = run.only(AWS.rdsProxy);
      const role = run.named(AWS.iamRole, 'database-proxy-role');
      expect(proxy.inputs).toMatchObject({
        name: `payments-${env}-aurora`,
        engineFamily: 'POSTGRESQL',
        defaultAuthScheme: 'IAM_AUTH',
        requireTls: true,
        debugLogging: false,
        vpcSubnetIds: network(env).isolatedSubnetIds,
        vpcSecurityGroupIds: [network(env).databaseSecurityGroupId],
        roleArn: `arn:aws:iam::${account}:role/payments-${env}-rds-proxy`,
      });
      // No secret: nothing for the proxy to read, no password for anyone.
      expect(proxy.inputs.auths).toBeUndefined();
      expect(JSON.parse(String(role.inputs.assumeRolePolicy))).toEqual({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Service: 'rds.amazonaws.com' }, Action: 'sts:AssumeRole' },
        ],
      });
      const clusterResourceId = String(run.outputs.clusterResourceId);
      expect(JSON.parse(String(run.only(AWS.iamRolePolicy).inputs.policy))).toEqual({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'ConnectAsClusterIamUsers',
            Effect: 'Allow',
            Action: ['rds-db:connect'],
            Resource: `arn:aws:rds-db:${MOCK_REGION}:${account}:dbuser:${clusterResourceId}/*`,
          },
        ],
      });
      expect(run.only(AWS.rdsProxyDefaultTargetGroup).inputs).toMatchObject({
        dbProxyName: `payments-${env}-aurora`,
        connectionPoolConfig: { maxConnectionsPercent: 90, connectionBorrowTimeout: 5 },
      });
      expect(run.only(AWS.rdsProxyTarget).inputs).toMatchObject({
        dbProxyName: `payments-${env}-aurora`,
        dbClusterIdentifier: `payments-${env}-aurora`,
      });
      // PostgreSQL inside the database group only: proxy to cluster.
      const sg = network(env).databaseSecurityGroupId;
      for (const rule of [
        ...run.ofType(AWS.vpcSecurityGroupIngressRule),
        ...run.ofType(AWS.vpcSecurityGroupEgressRule),
      ]) {
        expect(rule.inputs).toMatchObject({
          securityGroupId: sg,
          referencedSecurityGroupId: sg,
          ipProtocol: 'tcp',
          fromPort: 5432,
          toPort: 5432,
        });
      }
      expect(run.outputs.proxyEndpoint).toBe(
        `payments-${env}-aurora.proxy-${String(run.outputs.writerEndpoint).split('.cluster-')[1]}`,
      );
      expect(run.outputs.proxyResourceId).toMatch(/^prx-[0-9a-f]{17}$/);
    },
  );

  it('runs the writer and its readers as the design table says', () => {
    expect(run.ofType(INSTANCE)).toHaveLength(design.instances);
  });

  it('rotates its own KMS key and gives it an alias of this environment', () => {
    const key = run.only(KEY);
    // The shared key component keeps the key's place from its former DatabaseKey component.
    expect(run.named('payments:kms:CustomerManagedKey', 'database-key').aliases).toEqual([
      { type: 'payments:database:DatabaseKey' },
    ]);
    expect(key.inputs).toMatchObject({
      enableKeyRotation: true,
      rotationPeriodInDays: 365,
      deletionWindowInDays: design.protect ? 30 : 7,
    });
    expect(key.inputs.tags).toEqual({ Name: `payments-${env}-database` });
    expect(run.only(ALIAS).inputs).toEqual({ name: `alias/payments-${env}-database`, targetKeyId: key.id });
  });

  it('lets the account use the key only through RDS and Secrets Manager, CloudWatch Logs for the cluster log', () => {
    const policy = run.json<KeyPolicyDocument>(run.only(KEY));
    expect(keyPolicyProblems(policy, account)).toEqual([]);
    const via = (service: string) => `${service}.${MOCK_REGION}.amazonaws.com`;
    const condition = (sid: string) => policy.Statement.find((s) => s.Sid === sid)?.Condition;
    expect(policy.Statement.map((s) => s.Sid)).toEqual([
      'AccountAdministersKey',
      'RdsUsesKey',
      'SecretsManagerUsesKey',
      // The backup vault (RDS.26), where it is built.
      ...(design.operations ? ['BackupUsesKey'] : []),
      'ServicesCreateGrantsForTheirResources',
      'CloudWatchLogsEncryptsLogGroups',
    ]);
    expect(condition('RdsUsesKey')).toEqual({ StringEquals: { 'kms:ViaService': via('rds') } });
    expect(condition('SecretsManagerUsesKey')).toEqual({
      StringEquals: { 'kms:ViaService': via('secretsmanager') },
    });
    expect(condition('ServicesCreateGrantsForTheirResources')).toEqual({
      StringEquals: {
        'kms:ViaService': [via('rds'), via('secretsmanager'), ...(design.operations ? [via('backup')] : [])],
      },
      Bool: { 'kms:GrantIsForAWSResource': 'true' },
    });
    expect(condition('CloudWatchLogsEncryptsLogGroups')).toEqual({
      ArnEquals: {
        'kms:EncryptionContext:aws:logs:arn': [
          `arn:aws:logs:${MOCK_REGION}:${account}:log-group:/aws/rds/cluster/payments-${env}-aurora/postgresql`,
        ],
      },
    });
  });

  it('places the cluster in the isolated subnets behind the database security group', () => {
    const subnetGroup = run.only(SUBNET_GROUP);
    expect(subnetGroup.inputs).toMatchObject({
      name: `payments-${env}-aurora`,
      subnetIds: network(env).isolatedSubnetIds,
    });
    expect(run.only(CLUSTER).inputs).toMatchObject({
      vpcSecurityGroupIds: [network(env).databaseSecurityGroupId],
      dbSubnetGroupName: subnetGroup.inputs.name,
    });
  });

  it('forces TLS and logs connections, schema changes and slow statements in the parameter group of the engine family', () => {
    const clusterParameters = run.only(CLUSTER_PARAMETERS);
    const instanceParameters = run.only(INSTANCE_PARAMETERS);
    expect(clusterParameters.inputs).toMatchObject({
      name: `payments-${env}-aurora-cluster-pg16`,
      family: 'aurora-postgresql16',
    });
    expect(clusterParameters.inputs.parameters).toEqual([
      { name: 'rds.force_ssl', value: '1', applyMethod: 'pending-reboot' },
      { name: 'log_min_duration_statement', value: '1000', applyMethod: 'immediate' },
      // CKV2_AWS_27: schema changes, never 'mod' or 'all' (which would log payment values).
      { name: 'log_statement', value: 'ddl', applyMethod: 'immediate' },
      { name: 'log_connections', value: '1', applyMethod: 'immediate' },
      { name: 'log_disconnections', value: '1', applyMethod: 'immediate' },
    ]);
    expect(instanceParameters.inputs).toMatchObject({
      name: `payments-${env}-aurora-instance-pg16`,
      family: 'aurora-postgresql16',
    });
    expect(run.only(CLUSTER).inputs).toMatchObject({
      dbClusterParameterGroupName: clusterParameters.inputs.name,
      dbInstanceParameterGroupName: instanceParameters.inputs.name,
    });
  });

  it('creates the log group RDS writes to before the cluster, encrypted and with the environment retention', () => {
    const logGroup = run.only(LOG_GROUP);
    expect(logGroup.inputs).toEqual({
      name: `/aws/rds/cluster/payments-${env}-aurora/postgresql`,
      retentionInDays: design.logDays,
      kmsKeyId: keyArn(run, env),
    });
    const cluster = run.only(CLUSTER);
    expect(cluster.dependsOn).toContain(logGroup.urn);
    expect(cluster.inputs.enabledCloudwatchLogsExports).toEqual(['postgresql']); // RDS.37
  });

  it('runs Aurora PostgreSQL Serverless v2 at the configured LTS minor with the design capacity', () => {
    const cluster = run.only(CLUSTER).inputs;
    expect(cluster).toMatchObject({
      clusterIdentifier: `payments-${env}-aurora`,
      engine: 'aurora-postgresql',
      engineMode: 'provisioned',
      engineVersion: '16.8',
      databaseName: 'payments',
      port: 5432,
    });
    // Auto-pause only where the floor is 0 ACU: dev.
    expect(cluster.serverlessv2ScalingConfiguration).toEqual({
      minCapacity: design.minAcu,
      maxCapacity: settings.database.maxCapacity,
      ...(env === 'dev' ? { secondsUntilAutoPause: 300 } : {}),
    });
  });

  it('lets RDS manage the master password in Secrets Manager under our key', () => {
    const cluster = run.only(CLUSTER).inputs;
    expect(cluster).toMatchObject({
      masterUsername: 'dbadmin',
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: keyArn(run, env),
    });
    expect(Object.keys(cluster).filter((k) => /^masterPassword/.test(k))).toEqual([]);
  });

  it('meets RDS.27, RDS.12 and RDS.16: our key at rest, IAM database auth, tags copied to snapshots', () => {
    expect(run.only(CLUSTER).inputs).toMatchObject({
      storageEncrypted: true,
      kmsKeyId: keyArn(run, env),
      iamDatabaseAuthenticationEnabled: true,
      copyTagsToSnapshot: true,
    });
  });

  it('keeps backups for the design period and guards prod with deletion protection and a final snapshot', () => {
    const cluster = run.only(CLUSTER).inputs;
    expect(cluster).toMatchObject({
      backupRetentionPeriod: design.backups,
      preferredBackupWindow: '03:00-04:00',
      preferredMaintenanceWindow: 'sun:04:30-sun:05:30',
      deletionProtection: design.deletionProtection,
      skipFinalSnapshot: !design.deletionProtection,
      // Prod keeps its automated backups when the cluster is deleted or replaced.
      deleteAutomatedBackups: !design.deletionProtection,
    });
    expect(cluster.finalSnapshotIdentifier).toBe(
      design.deletionProtection ? `payments-${env}-aurora-final` : undefined,
    );
  });

  it('starts the cluster empty, with restore inputs ignored after creation', () => {
    const cluster = run.only(CLUSTER);
    expect(cluster.inputs.snapshotIdentifier).toBeUndefined();
    expect(cluster.inputs.restoreToPointInTime).toBeUndefined();
    expect(cluster.ignoreChanges).toEqual(['restoreToPointInTime', 'snapshotIdentifier']);
  });

  it('runs a writer then readers in failover order as private serverless instances', () => {
    const instances = run.ofType(INSTANCE);
    expect(instances.map((i) => i.inputs.identifier)).toEqual(
      Array.from({ length: design.instances }, (_, i) => `payments-${env}-aurora-${i + 1}`),
    );
    expect(instances.map((i) => i.inputs.promotionTier)).toEqual(instances.map((_, i) => i));
    for (const instance of instances) {
      expect(instance.inputs).toMatchObject({
        clusterIdentifier: `payments-${env}-aurora`,
        instanceClass: 'db.serverless',
        engine: 'aurora-postgresql',
        engineVersion: '16.8',
        dbParameterGroupName: `payments-${env}-aurora-instance-pg16`,
        dbSubnetGroupName: `payments-${env}-aurora`,
        publiclyAccessible: false,
        autoMinorVersionUpgrade: false,
        performanceInsightsEnabled: true,
        performanceInsightsKmsKeyId: keyArn(run, env),
      });
      expect(instance.dependsOn).toContain(run.only(CLUSTER).urn);
    }
  });

  it(`protects the key, log group, cluster and instances ${design.protect ? 'in prod' : 'only in prod, not here'}`, () => {
    const stateful = new Set<string>([KEY, LOG_GROUP, CLUSTER, INSTANCE]);
    for (const resource of run.awsResources()) {
      expect([resource.type, resource.name, resource.protect]).toEqual([
        resource.type,
        resource.name,
        stateful.has(resource.type) && design.protect,
      ]);
    }
  });

  it("alarms on each instance's capacity near maxCapacity and on connections, to the network alarm topic", () => {
    const topic = network(env).alarmTopicArn;
    const common = {
      namespace: 'AWS/RDS',
      period: 300,
      evaluationPeriods: settings.alarms.evaluationPeriods,
      comparisonOperator: 'GreaterThanThreshold',
      treatMissingData: 'notBreaching',
      alarmActions: [topic],
      okActions: [topic],
    };
    const alarms = Object.fromEntries(run.ofType(ALARM).map((a) => [a.inputs.name, a.inputs]));
    // Per instance and at its Maximum: a saturated writer cannot hide in an average over idle readers.
    const instances = run.ofType(INSTANCE).map((i) => i.inputs.identifier);
    expect(instances).toHaveLength(design.instances);
    instances.forEach((identifier, i) => {
      expect(alarms[`payments-${env}-aurora-${i + 1}-acu-utilization`]).toMatchObject({
        ...common,
        dimensions: { DBInstanceIdentifier: identifier },
        metricName: 'ACUUtilization',
        statistic: 'Maximum',
        threshold: settings.alarms.auroraMaxCapacityPercent,
      });
    });
    expect(run.ofType(ALARM).filter((a) => a.inputs.metricName === 'ACUUtilization')).toHaveLength(
      design.instances,
    );
    expect(alarms[`payments-${env}-aurora-connections`]).toMatchObject({
      ...common,
      dimensions: { DBClusterIdentifier: `payments-${env}-aurora` },
      metricName: 'DatabaseConnections',
      statistic: 'Maximum',
      threshold: settings.alarms.auroraConnections,
    });
  });

  it(`names everything for ${env} exactly once and mentions no other environment`, () => {
    for (const resource of run.resources) {
      for (const [path, value] of leavesOf(resource.inputs)) {
        if (typeof value !== 'string') continue;
        const tokens = environmentTokens(value);
        expect([resource.name, path, tokens.filter((t) => t !== env)]).toEqual([resource.name, path, []]);
        if (resource.type.startsWith('aws:') && PHYSICAL_NAME_KEYS.includes(path)) {
          expect([resource.name, path, tokens]).toEqual([resource.name, path, [env]]);
        }
      }
    }
  });

  it('creates every AWS resource with the stack provider, inside a database component or its key, no *V2 type', () => {
    const provider = run.only('pulumi:providers:aws');
    const components = new Set(
      run.resources
        .filter(
          (r) => r.type.startsWith('payments:database:') || r.type === 'payments:kms:CustomerManagedKey',
        )
        .map((r) => r.urn),
    );
    for (const resource of run.awsResources()) {
      expect(resource.provider).toBe(`${provider.urn}::${provider.id}`);
      expect(components.has(resource.parent ?? '')).toBe(true);
      expect(resource.type).not.toMatch(/V2$/);
    }
    expect([...new Set(run.mocks.calls.map((c) => c.token))].sort()).toEqual([
      'aws:index/getCallerIdentity:getCallerIdentity',
      'aws:index/getPartition:getPartition',
    ]);
  });

  it('has no password input but manageMasterUserPassword, and no secret input at all', () => {
    for (const resource of run.resources) {
      const passwordLike = leavesOf(resource.inputs)
        .map(([path]) => path)
        .filter((path) => /pass(word|wd)?\b|pwd/i.test(path) && path !== 'manageMasterUserPassword');
      expect([resource.name, passwordLike, resource.secretPaths]).toEqual([resource.name, [], []]);
    }
  });

  it('reads only the network stack of its own environment', () => {
    expect(run.mocks.stackReads.map((r) => [r.stack, r.deployed])).toEqual([
      [`${ORG}/payments-network/${env}`, true],
    ]);
  });

  it('exports exactly its contract, with the ARN of the master secret and never a secret', () => {
    expect(contractViolations('database', run.outputs)).toEqual([]);
    expect(run.secretOutputs).toEqual([]);
    expect(run.outputs).toEqual({
      clusterIdentifier: `payments-${env}-aurora`,
      clusterArn: `arn:aws:rds:${MOCK_REGION}:${account}:cluster:payments-${env}-aurora`,
      clusterResourceId: expect.stringMatching(/^CLUSTER-[0-9A-F]+$/),
      writerEndpoint: expect.stringMatching(new RegExp(`^payments-${env}-aurora\\.cluster-`)),
      readerEndpoint: expect.stringMatching(new RegExp(`^payments-${env}-aurora\\.cluster-ro-`)),
      port: 5432,
      databaseName: 'payments',
      masterUsername: 'dbadmin',
      masterSecretArn: expect.stringMatching(
        new RegExp(`^arn:aws:secretsmanager:${MOCK_REGION}:${account}:secret:rds!cluster-`),
      ),
      kmsKeyArn: keyArn(run, env),
      proxyEndpoint: design.proxy
        ? expect.stringMatching(new RegExp(`^payments-${env}-aurora\\.proxy-`))
        : '',
      proxyResourceId: design.proxy ? expect.stringMatching(/^prx-/) : '',
    });
  });
});

describe('database stack configuration', () => {
  it('moves the cluster, instances and parameter groups to another supported version set in Pulumi config', async () => {
    const run = await runStack({
      project: 'payments-database',
      stack: 'staging',
      config: { 'payments:overrides': JSON.stringify({ database: { engineVersion: '17.7' } }) },
      stackOutputs: upstreamFixtures('database', 'staging', ORG),
      // The real entry point: settings come from the stack's config.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      program: () => require('./index') as Record<string, unknown>,
    });
    expect(run.only(CLUSTER).inputs).toMatchObject({
      engineVersion: '17.7',
      allowMajorVersionUpgrade: true,
      dbInstanceParameterGroupName: 'payments-staging-aurora-instance-pg17',
      dbClusterParameterGroupName: 'payments-staging-aurora-cluster-pg17',
    });
    expect(run.only(CLUSTER_PARAMETERS).inputs.family).toBe('aurora-postgresql17');
    expect(run.only(INSTANCE_PARAMETERS).inputs.family).toBe('aurora-postgresql17');
    expect(run.ofType(INSTANCE).map((i) => i.inputs.engineVersion)).toEqual(['17.7', '17.7']);
    expect(contractViolations('database', run.outputs)).toEqual([]);
  });

  it('restores the cluster from a snapshot when configured', async () => {
    const run = await deploy('dev', {
      database: { restore: { snapshotIdentifier: 'payments-dev-aurora-before-migration' } },
    });
    const cluster = run.only(CLUSTER).inputs;
    expect(cluster.snapshotIdentifier).toBe('payments-dev-aurora-before-migration');
    expect(cluster.restoreToPointInTime).toBeUndefined();
    // Still RDS-managed and encrypted with our key after the restore.
    expect(cluster).toMatchObject({ manageMasterUserPassword: true, kmsKeyId: keyArn(run, 'dev') });
  });

  it('restores the cluster to a point in time', async () => {
    const run = await deploy('staging', {
      database: {
        restore: {
          pointInTime: {
            sourceClusterIdentifier: 'payments-staging-aurora',
            restoreTime: '2025-01-31T12:00:00Z',
          },
        },
      },
    });
    const cluster = run.only(CLUSTER).inputs;
    expect(cluster.restoreToPointInTime).toEqual({
      sourceClusterIdentifier: 'payments-staging-aurora',
      restoreToTime: '2025-01-31T12:00:00Z',
    });
    expect(cluster.snapshotIdentifier).toBeUndefined();
  });

  it('restores the cluster to its latest restorable time', async () => {
    const run = await deploy('dev', {
      database: {
        restore: {
          pointInTime: { sourceClusterIdentifier: 'payments-dev-aurora', useLatestRestorableTime: true },
        },
      },
    });
    expect(run.only(CLUSTER).inputs.restoreToPointInTime).toEqual({
      sourceClusterIdentifier: 'payments-dev-aurora',
      useLatestRestorableTime: true,
    });
  });

  it('takes capacity and reader overrides, dropping auto-pause once the floor is above 0 ACU', async () => {
    const run = await deploy('dev', { database: { minCapacity: 1, maxCapacity: 4, readers: 1 } });
    expect(run.only(CLUSTER).inputs.serverlessv2ScalingConfiguration).toEqual({
      minCapacity: 1,
      maxCapacity: 4,
    });
    expect(run.ofType(INSTANCE).map((i) => i.inputs.promotionTier)).toEqual([0, 1]);
  });
});
