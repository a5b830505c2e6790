// Shared by every project's jest.config.js. Type-checking is the `typecheck`
// target's job, so ts-jest only transpiles (one tsc pass per project, not per file).
module.exports = {
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      { tsconfig: '<rootDir>/tsconfig.json', isolatedModules: true, diagnostics: false },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // Workspace packages are symlinked into node_modules but ship TypeScript sources.
  transformIgnorePatterns: ['/node_modules/(?!@payments/)'],
};
