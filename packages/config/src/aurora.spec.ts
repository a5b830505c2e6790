import {
  AURORA_POSTGRES_VERSION_FLOOR,
  SUPPORTED_AURORA_POSTGRES_VERSIONS,
  compareEngineVersions,
  isReservedDbUsername,
} from './aurora';
import { ConfigError } from './errors';

describe('compareEngineVersions', () => {
  it('compares versions numerically, not as strings', () => {
    expect(compareEngineVersions('16.10', '16.8')).toBeGreaterThan(0);
    expect(compareEngineVersions('9.6', '16.8')).toBeLessThan(0);
    expect(compareEngineVersions('16.8', '16.8')).toBe(0);
  });

  it('treats missing parts as zero', () => {
    expect(compareEngineVersions('17', '17.0')).toBe(0);
    expect(compareEngineVersions('16.8.1', '16.8')).toBeGreaterThan(0);
  });

  it('rejects something that is not a version', () => {
    expect(() => compareEngineVersions('16.x', '16.8')).toThrow(ConfigError);
  });
});

describe('supported Aurora PostgreSQL versions', () => {
  it('are all at or above the LTS floor, which is itself supported', () => {
    expect(SUPPORTED_AURORA_POSTGRES_VERSIONS).toContain(AURORA_POSTGRES_VERSION_FLOOR);
    for (const version of SUPPORTED_AURORA_POSTGRES_VERSIONS) {
      expect(compareEngineVersions(version, AURORA_POSTGRES_VERSION_FLOOR)).toBeGreaterThanOrEqual(0);
    }
  });
});

describe('isReservedDbUsername', () => {
  it.each([
    'admin',
    'rdsadmin',
    'postgres',
    'root',
    'master',
    'rds_superuser',
    'pg_monitor',
    'Admin',
    'public',
  ])('reserves %s', (name) => expect(isReservedDbUsername(name)).toBe(true));

  it('allows the default dbadmin', () => {
    expect(isReservedDbUsername('dbadmin')).toBe(false);
  });
});
