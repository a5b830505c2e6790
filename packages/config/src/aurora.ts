import { ConfigError } from './errors';

/** Oldest Aurora PostgreSQL minor we deploy: the 16.x long-term-support release (DESIGN-4). */
export const AURORA_POSTGRES_VERSION_FLOOR = '16.8';

/**
 * Aurora PostgreSQL long-term-support minors we allow. LTS minors get security fixes for at least three
 * years without forced minor upgrades, which keeps Serverless v2 clusters stable between planned upgrades.
 *
 * Checked on 2026-11-30 against AWS's list of LTS releases ("Aurora PostgreSQL long-term support (LTS)
 * releases"), https://docs.aws.amazon.com/AmazonRDS/latest/AuroraPostgreSQLReleaseNotes/AuroraPostgreSQL.Updates.LTS.html:
 * one LTS minor per major, 17.7 and 16.8 for the two newest majors (15.10, 14.6, ... for older ones, which we
 * do not start on). That page could not be opened from the build machine that day; the list was read from AWS's
 * own Aurora PostgreSQL reference (github.com/aws/agent-toolkit-for-aws, "Designated LTS versions"), which
 * names the same page. Re-check it there before adding a version.
 */
export const SUPPORTED_AURORA_POSTGRES_VERSIONS: readonly string[] = Object.freeze(['16.8', '17.7']);

/**
 * Names RDS or PostgreSQL refuse (or that would shadow built-in roles) as a master username.
 * `postgres` is accepted by RDS but is the first name an attacker tries and hides who owns the cluster.
 */
export const RESERVED_DB_USERNAMES: readonly string[] = Object.freeze([
  'admin',
  'administrator',
  'master',
  'root',
  'superuser',
  'postgres',
  'rdsadmin',
  'rdsrepladmin',
  'rdstopmgr',
  'rdsproxyadmin',
  // Role names PostgreSQL's grammar reserves.
  'public',
  'none',
  'user',
  'current_user',
  'current_role',
  'session_user',
]);

/** `pg_` roles are PostgreSQL's own; `rds` covers RDS's internal roles (rds_superuser, rds_iam, ...). */
export const RESERVED_DB_USERNAME_PREFIXES: readonly string[] = Object.freeze(['pg_', 'rds']);

export function isReservedDbUsername(name: string): boolean {
  const lower = name.toLowerCase();
  return (
    RESERVED_DB_USERNAMES.includes(lower) || RESERVED_DB_USERNAME_PREFIXES.some((p) => lower.startsWith(p))
  );
}

const VERSION = /^\d+(\.\d+)*$/;

/**
 * Orders engine versions numerically part by part (`16.10` > `16.8`, unlike a string compare);
 * missing parts count as 0. Negative when `a` is older, 0 when equal, positive when newer.
 */
export function compareEngineVersions(a: string, b: string): number {
  for (const v of [a, b]) {
    if (!VERSION.test(v)) {
      throw new ConfigError(
        `Not an engine version: got '${v}', expected digits separated by dots, e.g. '16.8'.`,
      );
    }
  }
  const left = a.split('.').map(Number);
  const right = b.split('.').map(Number);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const diff = (left[i] ?? 0) - (right[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}
