import {
  ENVIRONMENTS,
  LAMBDA_RUNTIMES,
  loadSettings,
  PAYMENTS_CONNECTIONS_PER_ENDPOINT,
  paymentsReservedConcurrency,
  type Environment,
} from '@payments/config';
import { CONTRACTS, contractViolations, parseMerchantClients, upstreamFixtures } from '@payments/contracts';
import { createStackContext } from '@payments/stack';
import { environmentTokens } from '@payments/naming';
import {
  PAYMENTS_POOL_MAX,
  handlerEnvironment,
  migrationsHash,
  type HandlerKind,
} from '@payments/payments-handler';
import {
  MOCK_ACCOUNTS,
  MOCK_REGION,
  decide,
  runStack,
  stringsIn,
  type IamPolicyDocument,
  type StackRun,
} from '@payments/mocks';
import { ROUTES, routeConfigHash } from './routes';
import { createApiStack, currencyLimits } from './stack';
import { AWS } from '@payments/aws-types';

/** One program run under mocks exceeds Jest's 5 s on a loaded 2-core machine. */
const STACK_RUN_TIMEOUT_MS = 60_000;

// What docs/design.md ("Environments") and packages/config's defaults promise per environment, written out rather than read from
// settings, so a changed default fails here.
const EXPECTED: Record<
  Environment,
  {
    memoryMb: number;
    timeouts: { payments: number; migrations: number };
    rateLimit: number;
    burstLimit: number;
    waf: boolean;
    alarms: Record<string, number>;
  }
> = {
  dev: {
    memoryMb: 256,
    timeouts: { payments: 10, migrations: 120 },
    rateLimit: 50,
    burstLimit: 100,
    waf: false,
    alarms: { fiveXx: 5, latency: 3000, errors: 5, throttles: 10, periods: 3 },
  },
  staging: {
    memoryMb: 512,
    timeouts: { payments: 10, migrations: 120 },
    rateLimit: 200,
    burstLimit: 400,
    waf: false,
    alarms: { fiveXx: 2, latency: 2000, errors: 5, throttles: 5, periods: 3 },
  },
  prod: {
    memoryMb: 1024,
    timeouts: { payments: 10, migrations: 120 },
    rateLimit: 1000,
    burstLimit: 2000,
    waf: true,
    alarms: { fiveXx: 1, latency: 1500, errors: 1, throttles: 1, periods: 2 },
  },
};

const T = {
  function: AWS.lambdaFunction,
  role: AWS.iamRole,
  rolePolicy: AWS.iamRolePolicy,
  attachment: AWS.iamRolePolicyAttachment,
  restApi: AWS.apigatewayRestApi,
  resource: AWS.apigatewayResource,
  method: AWS.apigatewayMethod,
  integration: AWS.apigatewayIntegration,
  deployment: AWS.apigatewayDeployment,
  stage: AWS.apigatewayStage,
  methodSettings: AWS.apigatewayMethodSettings,
  account: AWS.apigatewayAccount,
  authorizer: AWS.apigatewayAuthorizer,
  permission: AWS.lambdaPermission,
  invocation: AWS.lambdaInvocation,
  webAcl: AWS.wafv2WebAcl,
  association: AWS.wafv2WebAclAssociation,
  alarm: AWS.cloudwatchMetricAlarm,
  dashboard: AWS.cloudwatchDashboard,
  logGroup: AWS.cloudwatchLogGroup,
  eventRule: AWS.cloudwatchEventRule,
  eventTarget: AWS.cloudwatchEventTarget,
  requestValidator: AWS.apigatewayRequestValidator,
  wafLogging: AWS.wafv2WebAclLoggingConfiguration,
} as const;

/** The input holding each type's physical name; every other AWS type here has none. */
const PHYSICAL_NAME_INPUT: Record<string, string> = {
  [T.function]: 'name',
  [T.role]: 'name',
  [T.rolePolicy]: 'name',
  [T.restApi]: 'name',
  [T.authorizer]: 'name',
  [T.requestValidator]: 'name',
  [T.webAcl]: 'name',
  [T.alarm]: 'name',
  [T.dashboard]: 'dashboardName',
  [T.eventRule]: 'name',
};
const UNNAMED_TYPES: string[] = [
  T.attachment,
  T.resource,
  T.method,
  T.integration,
  T.deployment,
  // Its name is settings.api.stageName ('v1'): a URL path segment inside the environment's own API.
  T.stage,
  T.methodSettings,
  T.account,
  T.permission,
  T.association,
  // Its rule is the schedule's; a target has an ID, not a name.
  T.eventTarget,
  // Its functionName is the migrations function it invokes, not a name of its own.
  T.invocation,
  // API Gateway dictates its name (API-Gateway-Execution-Logs_<rest api id>/<stage>); WAF its prefix
  // (aws-waf-logs-payments-<env>-api).
  T.logGroup,
  T.wafLogging,
];

const nameOfUrn = (urn: string) => urn.split('::').pop() as string;

describe.each(ENVIRONMENTS)('the %s api stack', (env) => {
  const expected = EXPECTED[env];
  const settings = loadSettings(env);
  const fixtures = upstreamFixtures('api', env, 'organization');
  const upstream = (domain: 'network' | 'database' | 'storage' | 'identity', output: string) =>
    fixtures[`organization/payments-${domain}/${env}`]![output];
  const account = MOCK_ACCOUNTS[env];
  const name = (component: string) => `payments-${env}-${component}`;
  const functionArn = (kind: HandlerKind) =>
    `arn:aws:lambda:${MOCK_REGION}:${account}:function:${name(kind)}`;
  const invokeArn = `arn:aws:apigateway:${MOCK_REGION}:lambda:path/2015-03-31/functions/${functionArn('payments')}/invocations`;

  let run: StackRun;
  // The REST API's ID, as API Gateway issues it (10 lowercase alphanumerics under the mocks).
  let apiId: string;
  let stageArn: string;
  beforeAll(async () => {
    run = await runStack({
      project: 'payments-api',
      stack: env,
      program: () => createApiStack(createStackContext('api', loadSettings(env))),
      stackOutputs: fixtures,
    });
    apiId = String(run.only(T.restApi).id);
    stageArn = `arn:aws:apigateway:${MOCK_REGION}::/restapis/${apiId}/stages/v1`;
  }, STACK_RUN_TIMEOUT_MS);

  const fn = (kind: HandlerKind) => run.named(T.function, `${kind}-function`);
  const rolePolicyOf = (kind: HandlerKind) => run.json(run.named(T.rolePolicy, `${kind}-role-policy`));

  describe('outputs', () => {
    it('exports exactly the declared outputs, none of them secret', () => {
      expect(Object.keys(run.outputs).sort()).toEqual(Object.keys(CONTRACTS.api.outputs).sort());
      expect(contractViolations('api', run.outputs)).toEqual([]);
      expect(run.secretOutputs).toEqual([]);
      expect(run.outputs).toEqual({
        restApiId: apiId,
        apiUrl: `https://${apiId}.execute-api.${MOCK_REGION}.amazonaws.com/v1`,
        stageName: 'v1',
        paymentsFunctionName: name('payments'),
        migrationsFunctionName: name('migrations'),
        dashboardName: name('overview'),
      });
    });

    it('reads network, database, storage and identity of its own environment only', () => {
      expect([...new Set(run.mocks.stackReads.map((read) => read.stack))].sort()).toEqual([
        `organization/payments-database/${env}`,
        `organization/payments-identity/${env}`,
        `organization/payments-network/${env}`,
        `organization/payments-storage/${env}`,
      ]);
    });
  });

  describe('rules every stack keeps', () => {
    it('creates every AWS resource through the stack provider', () => {
      const providerless = run
        .awsResources()
        .filter((r) => !r.provider)
        .map((r) => r.name);
      expect(providerless).toEqual([]);
      for (const r of run.awsResources()) {
        expect(r.provider).toMatch(
          new RegExp(`^urn:pulumi:${env}::payments-api::pulumi:providers:aws::aws::`),
        );
      }
    });

    it('uses no deprecated *V2 resource type', () => {
      expect(run.resources.filter((r) => /V2$/.test(r.type)).map((r) => r.type)).toEqual([]);
    });

    it('names every physical resource with its environment exactly once', () => {
      for (const r of run.awsResources()) {
        const key = PHYSICAL_NAME_INPUT[r.type];
        if (key === undefined) {
          expect(UNNAMED_TYPES).toContain(r.type);
          continue;
        }
        const physical = r.inputs[key];
        expect(typeof physical).toBe('string');
        expect([r.name, environmentTokens(String(physical))]).toEqual([r.name, [env]]);
        expect(String(physical)).toMatch(new RegExp(`^payments-${env}-`));
      }
      for (const r of run.resources) {
        const tags = r.inputs.tags as Record<string, string> | undefined;
        if (tags?.Name !== undefined) expect(environmentTokens(tags.Name)).toEqual([env]);
      }
    });

    it('mentions no other environment in any input', () => {
      const others = run
        .awsResources()
        .flatMap((r) => stringsIn(r.inputs).map((s) => ({ r: r.name, tokens: environmentTokens(s) })))
        .filter(({ tokens }) => tokens.some((token) => token !== env));
      expect(others).toEqual([]);
    });

    it('names every child from its component', () => {
      const children = run.resources.filter((r) => r.parent && !r.parent.includes('::pulumi:pulumi:Stack::'));
      expect(children.length).toBeGreaterThan(0);
      for (const r of children) {
        expect([r.name, r.name.startsWith(`${nameOfUrn(r.parent!)}-`)]).toEqual([r.name, true]);
      }
    });

    it('marks no input secret', () => {
      expect(run.resources.filter((r) => r.secretPaths.length > 0).map((r) => r.name)).toEqual([]);
    });
  });

  describe('lambda functions', () => {
    it.each(['payments', 'migrations'] as const)(
      'runs %s on a supported runtime in every private subnet with the Lambda security group',
      (kind) => {
        const { inputs } = fn(kind);
        expect(inputs.name).toBe(name(kind));
        expect(LAMBDA_RUNTIMES).toContain(inputs.runtime);
        expect(inputs.runtime).toBe(settings.api.lambda.runtime);
        // Fixtures give three private subnets: all of them, so the function spans every AZ (Lambda.5).
        expect(inputs.vpcConfig).toEqual({
          subnetIds: upstream('network', 'privateSubnetIds'),
          securityGroupIds: [upstream('network', 'lambdaSecurityGroupId')],
        });
        expect((inputs.vpcConfig as { subnetIds: string[] }).subnetIds.length).toBeGreaterThanOrEqual(2);
        expect(inputs.memorySize).toBe(expected.memoryMb);
        expect(inputs.timeout).toBe(expected.timeouts[kind]);
        expect(inputs.tracingConfig).toEqual({ mode: 'Active' });
        expect(inputs.handler).toBe('index.handler');
        expect(inputs.role).toBe(`arn:aws:iam::${account}:role/${name(`${kind}-lambda`)}`);
      },
    );

    it('takes the payments timeout from api.lambda.timeoutSeconds and the migrations one from migrationsTimeoutSeconds', () => {
      expect(fn('payments').inputs.timeout).toBe(settings.api.lambda.timeoutSeconds);
      expect(fn('migrations').inputs.timeout).toBe(settings.api.lambda.migrationsTimeoutSeconds);
    });

    it('reserves concurrency for each function (CKV_AWS_115): one migration run at a time, one relay run', () => {
      expect(fn('migrations').inputs.reservedConcurrentExecutions).toBe(1);
      expect(run.named(T.function, 'audit-relay-function').inputs.reservedConcurrentExecutions).toBe(1);
    });

    it("encrypts both functions' environment variables with the storage stack's key (CKV_AWS_173)", () => {
      for (const kind of ['payments', 'migrations'] as const) {
        expect(fn(kind).inputs.kmsKeyArn).toBe(upstream('storage', 'kmsKeyArn'));
      }
    });

    it('logs JSON to the log groups the storage stack made', () => {
      expect(fn('payments').inputs.loggingConfig).toEqual({
        logFormat: 'JSON',
        logGroup: upstream('storage', 'paymentsLogGroupName'),
      });
      expect(fn('migrations').inputs.loggingConfig).toEqual({
        logFormat: 'JSON',
        logGroup: upstream('storage', 'migrationsLogGroupName'),
      });
    });

    it('reserves for payments the concurrency the database absorbs (dev 180), within a default account (900)', () => {
      // dev: 0-2 ACU -> 400 max_connections, 90 % = 360, 2 per container (no reader) = 180. staging (1,502) and
      // prod (4,500) are bound by what a default Lambda account lets one function reserve.
      const expected = { dev: 180, staging: 900, prod: 900 }[env];
      expect(fn('payments').inputs.reservedConcurrentExecutions).toBe(expected);
      expect(paymentsReservedConcurrency(settings)).toBe(expected);
    });

    it("counts the connections the handler's pool really opens per endpoint", () => {
      // The bound above is computed in packages/config, which cannot import the app.
      expect(PAYMENTS_CONNECTIONS_PER_ENDPOINT).toBe(PAYMENTS_POOL_MAX);
    });

    it('gives each function exactly the environment handlerEnvironment builds', () => {
      const values = {
        dbSecretArn: String(upstream('database', 'masterSecretArn')),
        dbWriterHost: String(upstream('database', 'writerEndpoint')),
        dbReaderHost: String(upstream('database', 'readerEndpoint')),
        dbPort: Number(upstream('database', 'port')),
        dbName: String(upstream('database', 'databaseName')),
        dbMasterUser: String(upstream('database', 'masterUsername')),
        merchantClients: parseMerchantClients(upstream('identity', 'merchantClients') as string[]),
        auditBucketName: String(upstream('storage', 'auditBucketName')),
        auditKmsKeyArn: String(upstream('storage', 'kmsKeyArn')),
        currencyLimits: currencyLimits(settings.api.currencies),
      };
      // payments_app's writer is the RDS Proxy where the database stack has one (not in dev); the migrations'
      // master user always signs in to the writer endpoint directly.
      const proxy = String(upstream('database', 'proxyEndpoint'));
      expect(proxy === '').toBe(env === 'dev');
      expect(fn('payments').inputs.environment).toEqual({
        variables: handlerEnvironment('payments', { ...values, dbWriterHost: proxy || values.dbWriterHost }),
      });
      expect(
        (fn('migrations').inputs.environment as { variables: Record<string, string> }).variables.DB_HOST,
      ).toBe(upstream('database', 'writerEndpoint'));
      expect(fn('migrations').inputs.environment).toEqual({
        variables: handlerEnvironment('migrations', values),
      });
      expect(fn('payments').inputs.environment).toMatchObject({
        variables: {
          DB_USER: 'payments_app',
          MERCHANT_CLIENTS: JSON.stringify(
            Object.fromEntries(
              Object.entries(
                parseMerchantClients(upstream('identity', 'merchantClients') as string[]),
              ).sort(),
            ),
          ),
          // Each currency's limit in its minor units: 10,000 (prod 1,000,000) in EUR, GBP and USD, two decimals each.
          CURRENCY_LIMITS: JSON.stringify(
            Object.fromEntries(
              ['EUR', 'GBP', 'USD'].map((code) => [
                code,
                { exponent: 2, maxMinor: env === 'prod' ? 100_000_000 : 1_000_000 },
              ]),
            ),
          ),
          NODE_OPTIONS: '--enable-source-maps',
        },
      });
    });

    it('puts no secret value in any environment variable, and the master secret ARN in the migrations function only', () => {
      for (const kind of ['payments', 'migrations'] as const) {
        const { variables } = fn(kind).inputs.environment as { variables: Record<string, string> };
        expect(
          Object.keys(variables).filter((key) => /PASSWORD|TOKEN|CREDENTIAL|SECRET(?!_ARN$)/.test(key)),
        ).toEqual([]);
        expect(fn(kind).secretPaths).toEqual([]);
      }
      const variables = (kind: 'payments' | 'migrations') =>
        (fn(kind).inputs.environment as { variables: Record<string, string> }).variables;
      expect(variables('migrations').DB_SECRET_ARN).toBe(upstream('database', 'masterSecretArn'));
      expect(variables('migrations').DB_USER).toBe(upstream('database', 'masterUsername'));
      // The payments function holds no master-user credential: neither the secret's ARN nor the master user.
      expect(Object.values(variables('payments'))).not.toContain(upstream('database', 'masterSecretArn'));
      expect(Object.values(variables('payments'))).not.toContain(upstream('database', 'masterUsername'));
    });

    it('creates each function after its role policy, so ENI permissions exist', () => {
      for (const kind of ['payments', 'migrations'] as const) {
        expect(fn(kind).dependsOn).toContain(run.named(T.rolePolicy, `${kind}-role-policy`).urn);
      }
    });
  });

  describe('audit outbox relay', () => {
    const relay = () => run.named(T.function, 'audit-relay-function');

    it('runs in the VPC as payments_app with the audit grants, its own log group, one at a time, 60 s', () => {
      const { inputs } = relay();
      expect(inputs).toMatchObject({
        name: name('audit-relay'),
        runtime: settings.api.lambda.runtime,
        handler: 'index.handler',
        timeout: 60,
        reservedConcurrentExecutions: 1,
        vpcConfig: {
          subnetIds: upstream('network', 'privateSubnetIds'),
          securityGroupIds: [upstream('network', 'lambdaSecurityGroupId')],
        },
        tracingConfig: { mode: 'Active' },
        loggingConfig: { logFormat: 'JSON', logGroup: upstream('storage', 'relayLogGroupName') },
        role: `arn:aws:iam::${account}:role/${name('audit-relay-lambda')}`,
      });
      expect((inputs.environment as { variables: Record<string, string> }).variables).toEqual({
        DB_HOST: upstream('database', env === 'dev' ? 'writerEndpoint' : 'proxyEndpoint'),
        DB_PORT: String(upstream('database', 'port')),
        DB_NAME: upstream('database', 'databaseName'),
        DB_USER: 'payments_app',
        AUDIT_BUCKET: upstream('storage', 'auditBucketName'),
        AUDIT_KMS_KEY_ARN: upstream('storage', 'kmsKeyArn'),
        NODE_OPTIONS: '--enable-source-maps',
      });
      expect(relay().dependsOn).toContain(run.named(T.rolePolicy, 'audit-relay-role-policy').urn);
      expect(relay().dependsOn).toContain(run.only(T.invocation).urn);
    });

    it("grants the relay the payments function's database user and audit writes, its own logs, and no secret", () => {
      const policy = run.json(run.named(T.rolePolicy, 'audit-relay-role-policy')) as {
        Statement: { Sid: string; Action: string[]; Resource: string }[];
      };
      const payments = rolePolicyOf('payments') as typeof policy;
      const bySid = (p: typeof policy) => Object.fromEntries(p.Statement.map((st) => [st.Sid, st]));
      expect(bySid(policy).WriteOwnLogs?.Resource).toBe(
        `${String(upstream('storage', 'relayLogGroupArn'))}:*`,
      );
      const { WriteOwnLogs: _own, ...rest } = bySid(policy);
      const { WriteOwnLogs: _theirs, ...paymentsRest } = bySid(payments);
      expect(rest).toEqual(paymentsRest);
      expect(
        policy.Statement.flatMap((st) => st.Action).filter((a) => a.startsWith('secretsmanager:')),
      ).toEqual([]);
    });

    it('runs on an EventBridge schedule from api.auditRelay, which alone may invoke it', () => {
      const rule = run.only(T.eventRule);
      const every = settings.api.auditRelay.scheduleMinutes;
      expect(rule.inputs).toMatchObject({
        name: name('audit-relay'),
        scheduleExpression: every === 1 ? 'rate(1 minute)' : `rate(${every} minutes)`,
      });
      expect(run.only(T.eventTarget).inputs).toMatchObject({
        rule: name('audit-relay'),
        arn: functionArn('audit-relay' as HandlerKind),
      });
      expect(run.named(T.permission, 'audit-relay-schedule-permission').inputs).toEqual({
        action: 'lambda:InvokeFunction',
        function: name('audit-relay'),
        principal: 'events.amazonaws.com',
        sourceArn: `arn:aws:events:${MOCK_REGION}:${account}:rule/${name('audit-relay')}`,
      });
    });

    it("alarms when the outbox's oldest record is older than api.auditRelay.oldestAgeAlarmMinutes", () => {
      const alarm = run.named(T.alarm, 'alarms-audit-outbox-age').inputs;
      expect(alarm).toMatchObject({
        name: name('audit-outbox-age'),
        namespace: 'Payments/AuditOutbox',
        metricName: 'OldestAgeSeconds',
        dimensions: { FunctionName: name('audit-relay') },
        statistic: 'Maximum',
        threshold: settings.api.auditRelay.oldestAgeAlarmMinutes * 60,
        // The relay publishes the metric at the end of a run: no run in a period is an alarm.
        treatMissingData: 'breaching',
        period: Math.min(86_400, Math.max(300, settings.api.auditRelay.scheduleMinutes * 60)),
        evaluationPeriods: 1,
        comparisonOperator: 'GreaterThanThreshold',
        alarmActions: [upstream('network', 'alarmTopicArn')],
      });
    });
  });

  describe('migrations at deploy time', () => {
    const invocation = () => run.only(T.invocation);

    it("invokes the migrations function once, with the deploy event, keyed on migrationsHash() and the cluster's identity", () => {
      const { name: logical, inputs, secretPaths } = invocation();
      expect(logical).toBe('migrations-run-invocation');
      expect(inputs).toEqual({
        functionName: name('migrations'),
        input: JSON.stringify({ trigger: 'deploy' }),
        triggers: { migrations: migrationsHash(), cluster: upstream('database', 'clusterResourceId') },
      });
      expect((inputs.triggers as { migrations: string }).migrations).toMatch(/^[0-9a-f]{64}$/);
      expect(secretPaths).toEqual([]);
    });

    it('runs after the migrations function, inside its own component', () => {
      const { dependsOn, parent } = invocation();
      expect(dependsOn).toContain(fn('migrations').urn);
      expect(parent).toMatch(/::payments:api:MigrationsRun::migrations-run$/);
    });

    it('updates the payments function only after the migrations ran, never the other way round', () => {
      expect(fn('payments').dependsOn).toContain(invocation().urn);
      expect(fn('migrations').dependsOn).not.toContain(invocation().urn);
    });
  });

  describe('migrations after the cluster is replaced', () => {
    /** The migrations run's triggers when the database stack exports this clusterResourceId. */
    const triggersFor = async (clusterResourceId: string) => {
      const database = `organization/payments-database/${env}`;
      const replaced = await runStack({
        project: 'payments-api',
        stack: env,
        program: () => createApiStack(createStackContext('api', loadSettings(env))),
        stackOutputs: { ...fixtures, [database]: { ...fixtures[database], clusterResourceId } },
      });
      return replaced.only(T.invocation).inputs.triggers;
    };

    it('runs them again when the cluster is new (another clusterResourceId), the SQL unchanged', async () => {
      const before = run.only(T.invocation).inputs.triggers;
      const after = await triggersFor('cluster-REPLACEMENT0000000000');
      // A change of triggers replaces the aws.lambda.Invocation, which invokes the function again.
      expect(after).not.toEqual(before);
      expect(after).toEqual({ migrations: migrationsHash(), cluster: 'cluster-REPLACEMENT0000000000' });
    });

    it('leaves them alone while the cluster and the SQL stay the same', async () => {
      expect(await triggersFor(String(upstream('database', 'clusterResourceId')))).toEqual(
        run.only(T.invocation).inputs.triggers,
      );
    });
  });

  describe('with migrationsTimeoutSeconds overridden', () => {
    let overridden: StackRun;
    beforeAll(async () => {
      overridden = await runStack({
        project: 'payments-api',
        stack: env,
        program: () =>
          createApiStack(
            createStackContext(
              'api',
              loadSettings(env, { api: { lambda: { migrationsTimeoutSeconds: 600 } } }),
            ),
          ),
        stackOutputs: fixtures,
      });
    }, STACK_RUN_TIMEOUT_MS);

    it('gives the migrations function the configured timeout and leaves the payments one alone', () => {
      expect(overridden.named(T.function, 'migrations-function').inputs.timeout).toBe(600);
      expect(overridden.named(T.function, 'payments-function').inputs.timeout).toBe(
        expected.timeouts.payments,
      );
    });
  });

  describe('IAM', () => {
    const database = (output: string) => String(upstream('database', output));
    const storage = (output: string) => String(upstream('storage', output));
    const appUserArn = () =>
      `arn:aws:rds-db:${MOCK_REGION}:${account}:dbuser:${database('clusterResourceId')}/payments_app`;
    const baseStatements = (logGroupArn: string) => ({
      secret: {
        Sid: 'ReadDatabaseSecret',
        Effect: 'Allow',
        Action: ['secretsmanager:GetSecretValue'],
        Resource: database('masterSecretArn'),
      },
      decrypt: {
        Sid: 'DecryptDatabaseSecret',
        Effect: 'Allow',
        Action: ['kms:Decrypt'],
        Resource: database('kmsKeyArn'),
        Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } },
      },
      connect: {
        Sid: 'ConnectAsDatabaseUser',
        Effect: 'Allow',
        Action: ['rds-db:connect'],
        // payments_app of the cluster (the reader, directly) and, where there is one, of the RDS Proxy (the writer).
        Resource:
          env === 'dev'
            ? appUserArn()
            : [
                appUserArn(),
                `arn:aws:rds-db:${MOCK_REGION}:${account}:dbuser:${database('proxyResourceId')}/payments_app`,
              ],
      },
      logs: [
        {
          Sid: 'WriteOwnLogs',
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: `${logGroupArn}:*`,
        },
        {
          Sid: 'DescribeNetworkInterfaces',
          Effect: 'Allow',
          Action: ['ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets'],
          Resource: '*',
        },
        {
          Sid: 'ManageVpcNetworkInterfaces',
          Effect: 'Allow',
          Action: [
            'ec2:CreateNetworkInterface',
            'ec2:DeleteNetworkInterface',
            'ec2:AssignPrivateIpAddresses',
            'ec2:UnassignPrivateIpAddresses',
          ],
          // AWS's documented form (AWSLambdaVPCAccessExecutionRole): Lambda checks it at create time.
          Resource: '*',
        },
        {
          Sid: 'WriteTraces',
          Effect: 'Allow',
          Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
          Resource: '*',
        },
      ],
    });

    describe('evaluated as IAM evaluates it', () => {
      const policy = (kind: HandlerKind) => rolePolicyOf(kind) as unknown as IamPolicyDocument;

      it('lets the payments role connect to this cluster as payments_app, and as no other user or cluster', () => {
        expect(decide(policy('payments'), { action: 'rds-db:connect', resource: appUserArn() })).toBe(
          'allow',
        );
        for (const resource of [
          appUserArn().replace('/payments_app', `/${database('masterUsername')}`),
          appUserArn().replace('/payments_app', '/payments_app2'),
          appUserArn().replace(database('clusterResourceId'), 'cluster-OTHER0000000000000'),
        ]) {
          expect([resource, decide(policy('payments'), { action: 'rds-db:connect', resource })]).toEqual([
            resource,
            'implicit-deny',
          ]);
        }
      });

      it('keeps the master secret from the payments role: no read, no decrypt', () => {
        expect(
          decide(policy('payments'), {
            action: 'secretsmanager:GetSecretValue',
            resource: database('masterSecretArn'),
          }),
        ).toBe('implicit-deny');
        expect(
          decide(policy('payments'), {
            action: 'kms:Decrypt',
            resource: database('kmsKeyArn'),
            keys: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' },
          }),
        ).toBe('implicit-deny');
      });

      it('lets only the migrations role read the master secret, and not connect with IAM', () => {
        expect(
          decide(policy('migrations'), {
            action: 'secretsmanager:GetSecretValue',
            resource: database('masterSecretArn'),
          }),
        ).toBe('allow');
        expect(decide(policy('migrations'), { action: 'rds-db:connect', resource: appUserArn() })).toBe(
          'implicit-deny',
        );
      });
    });

    it('lets only Lambda assume the function roles', () => {
      for (const kind of ['payments', 'migrations'] as const) {
        const role = run.named(T.role, `${kind}-role-role`);
        expect(role.inputs.name).toBe(name(`${kind}-lambda`));
        expect(run.json(role, 'assumeRolePolicy')).toEqual({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
          ],
        });
        expect(role.inputs.managedPolicyArns).toBeUndefined();
        const policy = run.named(T.rolePolicy, `${kind}-role-policy`);
        expect(policy.inputs.role).toBe(role.inputs.name);
        expect(policy.inputs.name).toBe(name(`${kind}-lambda`));
      }
      expect(run.ofType(T.rolePolicy)).toHaveLength(3);
    });

    it('grants the payments function exactly its database user, audit writes, own logs, ENIs and traces', () => {
      const base = baseStatements(storage('paymentsLogGroupArn'));
      expect(rolePolicyOf('payments')).toEqual({
        Version: '2012-10-17',
        Statement: [
          base.connect,
          {
            Sid: 'WriteAuditRecords',
            Effect: 'Allow',
            Action: ['s3:PutObject'],
            Resource: `${storage('auditBucketArn')}/audit/*`,
          },
          {
            Sid: 'EncryptAuditRecords',
            Effect: 'Allow',
            Action: ['kms:GenerateDataKey'],
            Resource: storage('kmsKeyArn'),
            Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } },
          },
          ...base.logs,
        ],
      });
    });

    it('grants the migrations function the master secret, its logs, ENIs and traces, and no S3', () => {
      const base = baseStatements(storage('migrationsLogGroupArn'));
      const policy = rolePolicyOf('migrations') as { Statement: { Action: string[] }[] };
      expect(policy).toEqual({ Version: '2012-10-17', Statement: [base.secret, base.decrypt, ...base.logs] });
      expect(policy.Statement.flatMap((s) => s.Action).filter((a) => a.startsWith('s3:'))).toEqual([]);
    });

    it('uses "*" only for actions without resource-level permissions', () => {
      for (const kind of ['payments', 'migrations'] as const) {
        const { Statement } = rolePolicyOf(kind) as { Statement: { Action: string[]; Resource: string }[] };
        const wildcard = Statement.filter((s) => s.Resource === '*').flatMap((s) => s.Action);
        expect(wildcard.sort()).toEqual(
          [
            'ec2:AssignPrivateIpAddresses',
            'ec2:CreateNetworkInterface',
            'ec2:DeleteNetworkInterface',
            'ec2:DescribeNetworkInterfaces',
            'ec2:DescribeSubnets',
            'ec2:UnassignPrivateIpAddresses',
            'xray:PutTelemetryRecords',
            'xray:PutTraceSegments',
          ].sort(),
        );
      }
    });
  });

  describe('REST API', () => {
    it('is a regional REST API', () => {
      expect(run.only(T.restApi).inputs).toMatchObject({
        name: name('api'),
        endpointConfiguration: { types: 'REGIONAL' },
      });
    });

    it('serves POST /payments, GET /payments/{id} and GET /health through Lambda proxy integrations', () => {
      const resources = new Map(
        run.ofType(T.resource).map((r) => [r.id, r.inputs as { parentId: string; pathPart: string }]),
      );
      const pathOf = (id: string): string => {
        const resource = resources.get(id);
        return resource ? `${pathOf(resource.parentId)}/${resource.pathPart}` : '';
      };
      const methods = run
        .ofType(T.method)
        .map((m) => `${String(m.inputs.httpMethod)} ${pathOf(String(m.inputs.resourceId))}`);
      expect(methods.sort()).toEqual(['GET /health', 'GET /payments/{id}', 'POST /payments']);
      const authorizationOf = (name: string) => {
        const { authorization, authorizerId, authorizationScopes } = run.named(T.method, name).inputs;
        return { authorization, authorizerId, authorizationScopes };
      };
      const authorizerId = String(run.only(T.authorizer).id);
      expect(authorizationOf('rest-api-post-payments-method')).toEqual({
        authorization: 'COGNITO_USER_POOLS',
        authorizerId,
        authorizationScopes: ['payments/write'],
      });
      expect(authorizationOf('rest-api-get-payments-id-method')).toEqual({
        authorization: 'COGNITO_USER_POOLS',
        authorizerId,
        authorizationScopes: ['payments/read'],
      });
      // The one route packages/config names public.
      expect(authorizationOf('rest-api-get-health-method')).toEqual({
        authorization: 'NONE',
        authorizerId: undefined,
        authorizationScopes: undefined,
      });
      expect(run.named(T.method, 'rest-api-get-payments-id-method').inputs.requestParameters).toEqual({
        'method.request.path.id': true,
      });
      // AwsSolutions-APIG2: one validator of parameters and body, used by every method.
      const validator = run.only(T.requestValidator);
      expect(validator.inputs).toEqual({
        restApi: run.only(T.restApi).id,
        name: name('requests'),
        validateRequestParameters: true,
        validateRequestBody: true,
      });
      for (const method of run.ofType(T.method)) {
        expect([method.name, method.inputs.requestValidatorId]).toEqual([method.name, validator.id]);
      }

      const integrations = run.ofType(T.integration);
      expect(integrations).toHaveLength(3);
      for (const integration of integrations) {
        expect(integration.inputs).toMatchObject({
          type: 'AWS_PROXY',
          integrationHttpMethod: 'POST',
          uri: invokeArn,
        });
      }
    });

    it("authorizes with the identity stack's user pool, from the Authorization header", () => {
      expect(run.only(T.authorizer).inputs).toEqual({
        restApi: apiId,
        name: name('merchants'),
        type: 'COGNITO_USER_POOLS',
        providerArns: [upstream('identity', 'userPoolArn')],
        identitySource: 'method.request.header.Authorization',
      });
    });

    it('lets only this API invoke the payments function', () => {
      expect(run.named(T.permission, 'rest-api-invoke-permission').inputs).toEqual({
        action: 'lambda:InvokeFunction',
        function: name('payments'),
        principal: 'apigateway.amazonaws.com',
        sourceArn: `arn:aws:execute-api:${MOCK_REGION}:${account}:${apiId}/*/*`,
      });
    });

    it('redeploys on a route change, creating the new deployment before deleting the old one', () => {
      const deployment = run.only(T.deployment);
      expect(deployment.inputs.triggers).toEqual({
        redeployment: routeConfigHash(ROUTES, invokeArn, String(run.only(T.authorizer).id)),
        requestValidator: String(run.only(T.requestValidator).id),
      });
      for (const r of [...run.ofType(T.method), ...run.ofType(T.integration), run.only(T.authorizer)]) {
        expect(deployment.dependsOn).toContain(r.urn);
      }
      expect(deployment.deleteBeforeReplace).toBe(false);
    });

    it('logs every request as one JSON line to the access log group and traces the stage', () => {
      const stage = run.only(T.stage);
      expect(stage.inputs).toMatchObject({ stageName: 'v1', restApi: apiId, xrayTracingEnabled: true });
      const { destinationArn, format } = stage.inputs.accessLogSettings as {
        destinationArn: string;
        format: string;
      };
      expect(destinationArn).toBe(upstream('storage', 'apiAccessLogGroupArn'));
      expect(format).not.toContain('\n');
      expect(JSON.parse(format)).toMatchObject({
        requestId: '$context.requestId',
        status: '$context.status',
        resourcePath: '$context.resourcePath',
      });
      expect(format).not.toMatch(/requestBody|responseBody|\$input/);
      // The account's CloudWatch role is the bootstrap stack's: nothing of it here.
      expect(run.ofType(T.account)).toEqual([]);
    });

    it('creates the execution log group before execution logging, with our key and the environment retention', () => {
      const group = run.named(T.logGroup, 'rest-api-execution-logs');
      expect(group.inputs).toEqual({
        name: `API-Gateway-Execution-Logs_${apiId}/v1`,
        kmsKeyId: upstream('storage', 'kmsKeyArn'),
        retentionInDays: settings.storage.logRetentionDays,
      });
      // Named after the API's ID, so created after the API; the stage and the method settings (which turn
      // execution logging on) wait for it.
      expect(group.dependsOn).toContain(run.only(T.restApi).urn);
      expect(run.only(T.stage).dependsOn).toContain(group.urn);
      expect(run.only(T.methodSettings).dependsOn).toContain(group.urn);
      // DESIGN-9: a store of data, protected in prod.
      expect(group.protect).toBe(env === 'prod');
    });

    it('throttles every method per environment with metrics and error logging, without data traces', () => {
      const settingsResource = run.only(T.methodSettings);
      expect(settingsResource.inputs).toEqual({
        restApi: apiId,
        stageName: 'v1',
        methodPath: '*/*',
        settings: {
          throttlingRateLimit: expected.rateLimit,
          throttlingBurstLimit: expected.burstLimit,
          metricsEnabled: true,
          loggingLevel: 'ERROR',
          dataTraceEnabled: false,
        },
      });
    });
  });

  describe('WAF', () => {
    it(`${expected.waf ? 'protects' : 'leaves'} the stage ${expected.waf ? 'with' : 'without'} a web ACL`, () => {
      if (!expected.waf) {
        expect(run.resources.filter((r) => r.type.startsWith('aws:wafv2/'))).toEqual([]);
        return;
      }
      const acl = run.only(T.webAcl);
      const visibility = (component: string) => ({
        cloudwatchMetricsEnabled: true,
        sampledRequestsEnabled: true,
        metricName: name(component),
      });
      expect(acl.inputs).toMatchObject({
        name: name('api'),
        scope: 'REGIONAL',
        defaultAction: { allow: {} },
        visibilityConfig: visibility('api'),
        rules: [
          {
            name: 'rate-limit-per-ip',
            priority: 0,
            action: { block: {} },
            statement: { rateBasedStatement: { limit: 2000, aggregateKeyType: 'IP' } },
            visibilityConfig: visibility('api-rate-limit'),
          },
          {
            name: 'AWSManagedRulesCommonRuleSet',
            priority: 1,
            overrideAction: { none: {} },
            statement: {
              managedRuleGroupStatement: { vendorName: 'AWS', name: 'AWSManagedRulesCommonRuleSet' },
            },
            visibilityConfig: visibility('api-common-rules'),
          },
          {
            name: 'AWSManagedRulesKnownBadInputsRuleSet',
            priority: 2,
            overrideAction: { none: {} },
            statement: {
              managedRuleGroupStatement: { vendorName: 'AWS', name: 'AWSManagedRulesKnownBadInputsRuleSet' },
            },
            visibilityConfig: visibility('api-known-bad-inputs'),
          },
        ],
      });
      expect((acl.inputs.rules as unknown[]).length).toBe(3);
      // WAF.11: every request it sees is logged, to a group WAF accepts, encrypted with our key, without tokens.
      const logs = run.named(T.logGroup, 'waf-logs');
      expect(logs.inputs).toEqual({
        name: `aws-waf-logs-${name('api')}`,
        kmsKeyId: upstream('storage', 'kmsKeyArn'),
        retentionInDays: settings.storage.logRetentionDays,
      });
      expect(logs.protect).toBe(settings.protect);
      expect(run.only(T.wafLogging).inputs).toEqual({
        resourceArn: `arn:aws:wafv2:${MOCK_REGION}:${account}:regional/webacl/${name('api')}/${name('api')}`,
        logDestinationConfigs: [
          `arn:aws:logs:${MOCK_REGION}:${account}:log-group:aws-waf-logs-${name('api')}`,
        ],
        redactedFields: [{ singleHeader: { name: 'authorization' } }],
      });
      expect(run.only(T.association).inputs).toEqual({
        resourceArn: stageArn,
        webAclArn: `arn:aws:wafv2:${MOCK_REGION}:${account}:regional/webacl/${name('api')}/${name('api')}`,
      });
    });
  });

  describe('alarms', () => {
    const alarmsByName = () =>
      new Map(run.ofType(T.alarm).map((a) => [String(a.inputs.name), a.inputs as Record<string, unknown>]));
    const common = () => ({
      alarmActions: [upstream('network', 'alarmTopicArn')],
      okActions: [upstream('network', 'alarmTopicArn')],
      comparisonOperator: 'GreaterThanThreshold',
      evaluationPeriods: expected.alarms.periods,
      treatMissingData: 'notBreaching',
    });

    it('alarms to the environment topic on the API 5XX rate and p99 latency', () => {
      const alarms = alarmsByName();
      // API Gateway's metrics are by API name, not ID.
      const dimensions = { ApiName: name('api'), Stage: 'v1' };
      expect(alarms.get(name('api-5xx-rate'))).toMatchObject({
        ...common(),
        threshold: expected.alarms.fiveXx,
        metricQueries: [
          { id: 'rate', expression: 'errors * 100', returnData: true },
          {
            id: 'errors',
            returnData: false,
            metric: {
              namespace: 'AWS/ApiGateway',
              metricName: '5XXError',
              stat: 'Average',
              period: 300,
              dimensions,
            },
          },
        ],
      });
      expect(alarms.get(name('api-latency-p99'))).toMatchObject({
        ...common(),
        namespace: 'AWS/ApiGateway',
        metricName: 'Latency',
        extendedStatistic: 'p99',
        period: 300,
        threshold: expected.alarms.latency,
        dimensions,
      });
    });

    it("alarms on each function's errors and throttles", () => {
      const alarms = alarmsByName();
      expect(alarms.size).toBe(7);
      for (const kind of ['payments', 'migrations'] as const) {
        const metric = (metricName: string) => ({
          namespace: 'AWS/Lambda',
          metricName,
          statistic: 'Sum',
          period: 300,
          dimensions: { FunctionName: name(kind) },
        });
        expect(alarms.get(name(`${kind}-errors`))).toMatchObject({
          ...common(),
          ...metric('Errors'),
          threshold: expected.alarms.errors,
        });
        expect(alarms.get(name(`${kind}-throttles`))).toMatchObject({
          ...common(),
          ...metric('Throttles'),
          threshold: expected.alarms.throttles,
        });
      }
    });
  });

  describe('dashboard', () => {
    it('shows the API, both functions, the Aurora cluster and every NAT gateway', () => {
      const dashboard = run.only(T.dashboard);
      expect(dashboard.inputs.dashboardName).toBe(name('overview'));
      const body = run.json(dashboard, 'dashboardBody') as {
        widgets: { properties: { region: string; metrics: unknown[][] } }[];
      };
      const metrics = body.widgets.flatMap((w) => w.properties.metrics);
      const dimensionValues = (namespace: string) =>
        new Set(metrics.filter((m) => m[0] === namespace).map((m) => m[3]));

      expect(body.widgets.every((w) => w.properties.region === MOCK_REGION)).toBe(true);
      expect(dimensionValues('AWS/ApiGateway')).toEqual(new Set([name('api')]));
      expect(dimensionValues('AWS/Lambda')).toEqual(
        new Set([name('payments'), name('migrations'), name('audit-relay')]),
      );
      expect(dimensionValues('AWS/RDS')).toEqual(new Set([upstream('database', 'clusterIdentifier')]));
      expect(dimensionValues('AWS/NATGateway')).toEqual(
        new Set(upstream('network', 'natGatewayIds') as string[]),
      );
    });
  });

  it('registers the expected number of resources', () => {
    const counts: Record<string, number> = {};
    for (const r of run.awsResources()) counts[r.type] = (counts[r.type] ?? 0) + 1;
    expect(counts).toEqual({
      [T.function]: 3,
      [T.role]: 3,
      [T.rolePolicy]: 3,
      [T.restApi]: 1,
      [T.authorizer]: 1,
      [T.resource]: 3,
      [T.method]: 3,
      [T.integration]: 3,
      [T.permission]: 2,
      [T.invocation]: 1,
      [T.eventRule]: 1,
      [T.eventTarget]: 1,
      [T.deployment]: 1,
      [T.stage]: 1,
      [T.methodSettings]: 1,
      [T.requestValidator]: 1,
      ...(expected.waf ? { [T.webAcl]: 1, [T.association]: 1, [T.wafLogging]: 1 } : {}),
      [T.alarm]: 7,
      [T.dashboard]: 1,
      // The execution log group, and in prod the WAF's.
      [T.logGroup]: expected.waf ? 2 : 1,
    });
  });
});
