// Shared by every project's jest.config.js. Type-checking is the `typecheck` target's job, so the tests are only
// transpiled, by swc (@swc/jest): no TypeScript compiler is loaded in a test process.
module.exports = {
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // Workspace packages are symlinked into node_modules but ship TypeScript sources.
  transformIgnorePatterns: ['/node_modules/(?!@payments/)'],
};
