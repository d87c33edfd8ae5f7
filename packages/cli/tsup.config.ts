import { readFileSync } from 'node:fs'
import { defineConfig } from 'tsup'
import { packageBuild } from '../../tsup.base.js'

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'))
const build = { ...packageBuild, define: { __PARAMKIT_CLI_VERSION__: JSON.stringify(version) } }

export default defineConfig([
  build,
  // The bin: ESM only (top-level await), no types; tsup keeps the shebang and marks it executable.
  { ...build, entry: ['src/bin.ts'], format: ['esm'], dts: false, clean: false },
])
