// One jest run, three kinds of suite. Unit specs sit beside the code; integration and end-to-end
// suites live in test/ and talk to the real Kafka, Postgres and Redis (started by test/global-setup).
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false }, target: 'es2022', keepClassNames: true } }];
const moduleNameMapper = {
  '^@app/(contracts|criteria|persistence|messaging|config|auth|testing|observability|http|audit|alerting|decisions|intake|insights|sdk)$': '<rootDir>/libs/$1/src',
  '^@app/(contracts|criteria|persistence|messaging|config|auth|testing|observability|http|audit|alerting|decisions|intake|insights|sdk)/(.*)$': '<rootDir>/libs/$1/src/$2',
};
const common = { rootDir: __dirname, transform: { '^.+\\.ts$': swc }, moduleNameMapper, testEnvironment: 'node', moduleFileExtensions: ['ts', 'js', 'json'] };
module.exports = {
  // The apps' logs go to a file per test file; this prints them for a file that fails (quiet otherwise).
  reporters: ['default', '<rootDir>/test/support/failed-test-logs.js'],
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/chaos/', '<rootDir>/test/bench/'],
      globalSetup: '<rootDir>/test/global-setup.ts',
      globalTeardown: '<rootDir>/test/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/test/support/timeouts.ts'],
    },
    {
      ...common,
      displayName: 'chaos',
      // The chaos suite brings its own Postgres, Redis and Kafka (test/chaos/environment.ts), to kill them.
      testMatch: ['<rootDir>/test/chaos/**/*.test.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/support/chaos-timeouts.ts'],
    },
  ],
};
