import { defineConfig } from 'tsup'
import { awsPackageBuild } from '../../tsup.base.js'

export default defineConfig([
  awsPackageBuild,
  // The bin: ESM only (top-level await), no types; tsup keeps the shebang and marks it executable.
  { ...awsPackageBuild, entry: ['src/bin.ts'], format: ['esm'], dts: false, clean: false },
])
