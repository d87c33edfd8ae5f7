import { defineProject } from 'vitest/config'
import { motoProject, workspaceAliases } from '../../vitest.shared.js'

export default defineProject({
  resolve: { alias: workspaceAliases },
  test: { name: 'cli', include: ['test/**/*.test.ts'], ...motoProject },
})
