/**
 * Dotted key paths `Pulumi.<env>.yaml` may set under `payments:overrides`; everything else is an error.
 * Arrays (`network.interfaceEndpoints`, `api.currencies`, `alarms.subscriptions`, `exemptions`) are replaced
 * whole, not merged.
 * `env` is absent on purpose: the stack is the environment (DESIGN-1).
 *
 * ```yaml
 * config:
 *   payments:overrides:
 *     database:
 *       readers: 1
 *     alarms:
 *       subscriptions:
 *         - protocol: email
 *           endpoint: payments-oncall@yourcompany.com
 * ```
 */
export const OVERRIDABLE_KEYS: readonly string[] = Object.freeze([
  'region',
  'costCenter',
  'org',
  'protect',
  'network.vpcCidr',
  'network.azCount',
  'network.natStrategy',
  'network.flowLogRetentionDays',
  'network.interfaceEndpoints',
  'storage.logRetentionDays',
  'storage.auditTransitionToGlacierDays',
  'storage.auditExpirationDays',
  'storage.objectLock.enabled',
  'storage.objectLock.mode',
  'storage.objectLock.retentionDays',
  'storage.forceDestroy',
  'database.engineVersion',
  'database.minCapacity',
  'database.maxCapacity',
  'database.secondsUntilAutoPause',
  'database.readers',
  'database.backupRetentionDays',
  'database.deletionProtection',
  'database.skipFinalSnapshot',
  'database.deleteAutomatedBackups',
  'database.masterUsername',
  'database.databaseName',
  'database.port',
  'database.iamAuth',
  'database.restore.snapshotIdentifier',
  'database.restore.pointInTime.sourceClusterIdentifier',
  'database.restore.pointInTime.restoreTime',
  'database.restore.pointInTime.useLatestRestorableTime',
  'api.throttling.rateLimit',
  'api.throttling.burstLimit',
  'api.lambda.runtime',
  'api.lambda.memoryMb',
  'api.lambda.timeoutSeconds',
  'api.lambda.migrationsTimeoutSeconds',
  'api.lambda.reservedConcurrency',
  'api.waf.enabled',
  'api.waf.rateLimitPer5Min',
  'api.maxAmountMinor',
  'api.currencies',
  'api.tracing',
  'api.stageName',
  'alarms.subscriptions',
  'alarms.api5xxRatePercent',
  'alarms.apiLatencyP99Ms',
  'alarms.lambdaErrors',
  'alarms.lambdaThrottles',
  'alarms.auroraMaxCapacityPercent',
  'alarms.auroraConnections',
  'alarms.natErrorPackets',
  'alarms.evaluationPeriods',
  'exemptions',
]);

/** The keys directly under `parent` ('' for the top level) that overrides may set. */
export function overridableChildren(parent: string): string[] {
  const prefix = parent === '' ? '' : `${parent}.`;
  const children = OVERRIDABLE_KEYS.filter((key) => key.startsWith(prefix)).map(
    (key) => key.slice(prefix.length).split('.')[0] as string,
  );
  return [...new Set(children)];
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Merges plain objects key by key; arrays and scalars in `override` replace what is in `base`. */
export function deepMerge(base: unknown, override: unknown): unknown {
  if (override === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(override)) return override;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    // defineProperty, not assignment: a `__proto__` key from JSON must stay a (rejected) key, not a prototype.
    Object.defineProperty(merged, key, {
      value: deepMerge(Object.hasOwn(base, key) ? base[key] : undefined, value),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return merged;
}

export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
