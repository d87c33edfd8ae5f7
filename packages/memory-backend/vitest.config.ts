import { defineProject } from 'vitest/config'

export default defineProject({
  test: { name: 'memory-backend', include: ['test/**/*.test.ts'] },
})
