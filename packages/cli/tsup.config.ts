import { defineConfig } from 'tsup'
import { packageBuild } from '../../tsup.base.js'

export default defineConfig([
  packageBuild,
  // The bin: ESM only (top-level await), no types; tsup keeps the shebang and marks it executable.
  { ...packageBuild, entry: ['src/bin.ts'], format: ['esm'], dts: false, clean: false },
])
