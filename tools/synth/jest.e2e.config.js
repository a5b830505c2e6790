// The whole-environment checks read ONE synth of the 12 stacks, made before any spec runs (src/e2e/global-setup.ts).
module.exports = {
  ...require('../../jest.e2e.preset.js'),
  displayName: `${require('./package.json').nx.name} e2e`,
  globalSetup: '<rootDir>/src/e2e/global-setup.ts',
  globalTeardown: '<rootDir>/src/e2e/global-teardown.ts',
};
