import { defineProject } from 'vitest/config'

/** Repository-level checks: the root README's examples, `npm run moto`, install lines, links. */
export default defineProject({
  test: { name: 'repo', include: ['test/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000 },
})
