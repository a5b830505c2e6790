// The end-to-end suites, `src/**/*.e2e.ts`: the real `nx` in temporary git repositories, the whole-environment
// synth. Each project that has them runs them as its `e2e` target (`jest -c jest.e2e.config.js`), apart from its
// unit tests; `npm test` and CI run both.
module.exports = {
  ...require('./jest.preset.js'),
  testMatch: ['<rootDir>/src/**/*.e2e.ts'],
  // Jest's default on a 2-core machine is one worker (cores - 1), which runs a project's suites one after another:
  // nx-pulumi's five then take longer than the rest of `npm test`. Each suite works in its own temporary
  // repository and stub, so two run side by side.
  maxWorkers: 2,
};
