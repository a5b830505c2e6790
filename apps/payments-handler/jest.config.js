module.exports = {
  ...require('../../jest.preset.js'),
  displayName: require('./package.json').nx.name,
  // One throwaway PostgreSQL for the whole run (unless PGHOST or DATABASE_URL names a server).
  globalSetup: '<rootDir>/src/testing/global-setup.ts',
  globalTeardown: '<rootDir>/src/testing/global-teardown.ts',
  // Specs talk to a real database: 100 concurrent requests, a server started on demand.
  testTimeout: 60_000,
};
