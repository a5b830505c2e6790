import { auroraLogGroupNames, auroraPostgresFamily, engineMajor, restoreInputs } from './aurora-cluster';

describe('Aurora engine helpers', () => {
  it('derives the parameter group family from the major of the engine version', () => {
    expect(auroraPostgresFamily('16.8')).toBe('aurora-postgresql16');
    expect(auroraPostgresFamily('17.7')).toBe('aurora-postgresql17');
  });

  it('rejects a version without a major and a minor', () => {
    expect(() => engineMajor('17')).toThrow("Not a major.minor engine version: '17'.");
  });

  it('names the log groups RDS writes the exports to', () => {
    expect(auroraLogGroupNames('payments-dev-aurora')).toEqual([
      '/aws/rds/cluster/payments-dev-aurora/postgresql',
    ]);
  });
});

describe('restoreInputs', () => {
  it('creates an empty cluster when nothing is to be restored', () => {
    expect(restoreInputs(undefined)).toEqual({});
  });

  it('restores a snapshot', () => {
    expect(restoreInputs({ snapshotIdentifier: 'snap-1' })).toEqual({ snapshotIdentifier: 'snap-1' });
  });

  it('restores to a given time or to the latest restorable time, never both', () => {
    expect(
      restoreInputs({ pointInTime: { sourceClusterIdentifier: 'c', restoreTime: '2025-01-31T12:00:00Z' } }),
    ).toEqual({
      restoreToPointInTime: { sourceClusterIdentifier: 'c', restoreToTime: '2025-01-31T12:00:00Z' },
    });
    expect(
      restoreInputs({ pointInTime: { sourceClusterIdentifier: 'c', useLatestRestorableTime: true } }),
    ).toEqual({
      restoreToPointInTime: { sourceClusterIdentifier: 'c', useLatestRestorableTime: true },
    });
  });
});
