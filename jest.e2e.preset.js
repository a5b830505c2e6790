// The end-to-end suites, `src/**/*.e2e.ts`: the real `nx` in temporary git repositories, the whole-environment
// synth. Each project that has them runs them as its `e2e` target (`jest -c jest.e2e.config.js`), apart from its
// unit tests; `npm test` and CI run both.
module.exports = { ...require('./jest.preset.js'), testMatch: ['<rootDir>/src/**/*.e2e.ts'] };
