import { defineConfig } from 'vitest/config'
import { silenceRepeatedSdkWarning } from './packages/test-support/src/sdk-node-warning.js'

// Before any worker starts, so workers and the processes they spawn inherit the SDK's switch.
const sdkNotice = silenceRepeatedSdkWarning()
if (sdkNotice) console.warn(sdkNotice)

export default defineConfig({
  test: {
    projects: [
      'packages/*/vitest.config.ts',
      'examples/*/vitest.config.ts',
      'security/vitest.config.ts',
      'scripts/vitest.config.ts',
    ],
    reporters: ['default', './scripts/summary-reporter.ts'],
    coverage: {
      provider: 'v8',
      include: ['packages/*/src/**/*.ts'],
      // Test helpers, not shipped code.
      exclude: ['packages/test-support/src/**'],
      reporter: ['text-summary', 'text', 'json-summary'],
      reportsDirectory: 'coverage',
      thresholds: {
        'packages/core/src/**': { lines: 90 },
      },
    },
  },
})
