import { defineProject } from 'vitest/config'
import { motoProject, workspaceAliases } from '../vitest.shared.js'

export default defineProject({
  resolve: { alias: workspaceAliases },
  test: { name: 'security', include: ['*.test.ts'], ...motoProject, testTimeout: 120_000 },
})
