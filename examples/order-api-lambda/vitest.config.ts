import { defineProject } from 'vitest/config'
import { exampleProject, workspaceAliases } from '../../vitest.shared.js'

export default defineProject({
  resolve: { alias: workspaceAliases },
  test: { name: 'example-order-api-lambda', include: ['test/**/*.test.ts'], ...exampleProject },
})
