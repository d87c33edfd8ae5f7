import { defineConfig } from 'tsup'
import { packageBuild } from '../../tsup.base.js'

// Two entries, one set of modules: `splitting` keeps shared code (the error classes, the cache) in
// shared chunks for CommonJS too, so the root, `/backend` and `/testing` never hold two copies of a class.
export default defineConfig({
  ...packageBuild,
  entry: { index: 'src/index.ts', backend: 'src/backend-entry.ts', testing: 'src/testing-entry.ts' },
  splitting: true,
  // `import.meta.url` (crypto/sodium/native.ts loads sodium-native through createRequire) in the CommonJS build.
  shims: true,
})
