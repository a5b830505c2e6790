import { defaultSettings } from './defaults';
import { ENVIRONMENTS, type Environment } from './environments';
import { loadSettings } from './load';
import { settingsSchema } from './schema';

describe('defaultSettings', () => {
  it.each(ENVIRONMENTS)('gives %s settings that validate as they are', (env) => {
    expect(settingsSchema.safeParse(defaultSettings(env)).error).toBeUndefined();
    expect(loadSettings(env)).toEqual(defaultSettings(env));
  });

  // docs/design.md "Environments".
  it.each<[Environment, number, string, number, number, number, boolean, boolean, number]>([
    ['dev', 2, 'single', 0, 0, 1, false, true, 7],
    ['staging', 2, 'single', 0.5, 1, 7, false, true, 30],
    ['prod', 3, 'one-per-az', 2, 2, 35, true, false, 365],
  ])(
    'matches the design table for %s',
    (env, azs, nat, minAcu, readers, backups, deletionProtection, skipFinalSnapshot, logDays) => {
      const { network, database, storage, protect } = defaultSettings(env);
      expect(protect).toBe(deletionProtection);
      expect(network).toMatchObject({ azCount: azs, natStrategy: nat });
      expect(database).toMatchObject({
        minCapacity: minAcu,
        readers,
        backupRetentionDays: backups,
        deletionProtection,
        skipFinalSnapshot,
        // Prod keeps its automated backups when the cluster is deleted.
        deleteAutomatedBackups: !deletionProtection,
      });
      expect(storage.logRetentionDays).toBe(logDays);
    },
  );

  it('creates interface endpoints in staging and prod only: dev reaches AWS APIs through its NAT (cost)', () => {
    expect(defaultSettings('dev').network.interfaceEndpoints).toEqual([]);
    for (const env of ['staging', 'prod'] as const) {
      expect(defaultSettings(env).network.interfaceEndpoints).toEqual(['secretsmanager', 'kms', 'logs']);
    }
  });

  it('auto-pauses only dev, whose capacity floor is 0 ACU', () => {
    expect(ENVIRONMENTS.filter((env) => defaultSettings(env).database.minCapacity === 0)).toEqual(['dev']);
  });

  it('locks audit objects and enables WAF in prod only', () => {
    for (const env of ENVIRONMENTS) {
      const { storage, api } = defaultSettings(env);
      expect(storage.objectLock.enabled).toBe(env === 'prod');
      expect(api.waf.enabled).toBe(env === 'prod');
    }
    expect(defaultSettings('prod').storage.objectLock.mode).toBe('COMPLIANCE');
  });

  it('gives the migrations function 120 s in every environment, independent of the API timeout', () => {
    for (const env of ENVIRONMENTS) {
      expect(defaultSettings(env).api.lambda).toMatchObject({
        timeoutSeconds: 10,
        migrationsTimeoutSeconds: 120,
      });
    }
    expect(
      loadSettings('prod', { api: { lambda: { migrationsTimeoutSeconds: 900 } } }).api.lambda,
    ).toMatchObject({
      timeoutSeconds: 10,
      migrationsTimeoutSeconds: 900,
    });
  });

  it('lists explicit exemptions for dev and staging and none for prod', () => {
    expect(defaultSettings('prod').exemptions).toEqual([]);
    expect(defaultSettings('staging').exemptions.map((e) => e.control)).toEqual([
      'APIGateway.4',
      'RDS.7',
      'S3.15',
    ]);
    expect(defaultSettings('dev').exemptions.map((e) => e.control)).toEqual([
      'APIGateway.4',
      'RDS.7',
      'S3.15',
      'RDS.6',
      'RDS.15',
      'RDS.26',
    ]);
  });

  it('declares no merchant anywhere, and protects the user pool from deletion in prod only', () => {
    for (const env of ENVIRONMENTS) {
      expect(defaultSettings(env).identity).toEqual({
        merchants: [],
        accessTokenValidityMinutes: 60,
        deletionProtection: env === 'prod',
      });
    }
  });

  it('returns a fresh object each time', () => {
    const first = defaultSettings('dev');
    first.api.currencies.push({ code: 'JPY', maxAmount: 1_000_000 });
    expect(defaultSettings('dev').api.currencies.map((c) => c.code)).toEqual(['EUR', 'GBP', 'USD']);
  });
});
