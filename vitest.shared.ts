import { fileURLToPath } from 'node:url'

const pkg = (name: string) => fileURLToPath(new URL(`./packages/${name}/src/index.ts`, import.meta.url))

/** Tests import workspace packages from source, so coverage and edits need no rebuild. Pack tests use dist. */
export const workspaceAliases = {
  '@paramkit/core': pkg('core'),
  '@paramkit/memory-backend': pkg('memory-backend'),
  '@paramkit/backend-test-suite': pkg('backend-test-suite'),
}
