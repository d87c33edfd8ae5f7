import { defineProject } from 'vitest/config'
import { exampleProject, workspaceAliases } from '../../vitest.shared.js'

export default defineProject({
  resolve: { alias: workspaceAliases },
  test: { name: 'example-core-demo', include: ['test/**/*.test.ts'], ...exampleProject },
})
