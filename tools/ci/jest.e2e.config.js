module.exports = {
  ...require('../../jest.e2e.preset.js'),
  displayName: `${require('./package.json').nx.name} e2e`,
  // A temporary folder of the run's own (src/testing/tmpdir-setup.ts).
  globalSetup: '<rootDir>/src/testing/tmpdir-setup.ts',
  globalTeardown: '<rootDir>/src/testing/tmpdir-teardown.ts',
};
