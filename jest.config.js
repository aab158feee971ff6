// ESM Jest: ts-jest compiles TypeScript, the `.js` suffixes of NodeNext imports map back to `.ts`.
const common = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true }] }
}

export default {
  // Integration tests run real compilers: give them room and run them one file at a time per core.
  testTimeout: 600_000,
  reporters: ['default', '<rootDir>/scripts/jest-closing-line.js'],
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/__tests__/**/*.test.ts'] },
    { ...common, displayName: 'integration', testMatch: ['<rootDir>/__tests__/**/*.itest.ts'] }
  ]
}
