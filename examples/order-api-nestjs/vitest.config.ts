import { defineProject } from 'vitest/config'
import { exampleProject, workspaceAliases } from '../../vitest.shared.js'

export default defineProject({
  resolve: { alias: workspaceAliases },
  test: { name: 'example-order-api-nestjs', include: ['test/**/*.test.ts'], ...exampleProject },
})
