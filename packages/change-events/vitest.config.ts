import { defineProject } from 'vitest/config'
import { motoProject, workspaceAliases } from '../../vitest.shared.js'

export default defineProject({
  resolve: { alias: workspaceAliases },
  test: { name: 'change-events', include: ['test/**/*.test.ts'], ...motoProject },
})
