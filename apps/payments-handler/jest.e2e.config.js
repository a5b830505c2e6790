// The suites on a real PostgreSQL 16, `src/**/*.e2e.ts`: one throwaway server for the whole run (unless PGHOST or
// DATABASE_URL names a server), started by globalSetup, which is what makes them slow.
module.exports = {
  ...require('../../jest.e2e.preset.js'),
  displayName: `${require('./package.json').nx.name} e2e`,
  globalSetup: '<rootDir>/src/testing/global-setup.ts',
  globalTeardown: '<rootDir>/src/testing/global-teardown.ts',
  // One worker, as before the split: the suites share one server and its cluster-wide roles.
  maxWorkers: 1,
  // Specs talk to a real database: 100 concurrent requests, a server started on demand.
  testTimeout: 60_000,
};
