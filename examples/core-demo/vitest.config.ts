import { defineProject } from 'vitest/config'

export default defineProject({
  test: { name: 'example-core-demo', include: ['test/**/*.test.ts'] },
})
