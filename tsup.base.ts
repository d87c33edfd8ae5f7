import type { Options } from 'tsup'

/** Every package's build: ESM and CJS from src/index.ts, each with its own .d.ts / .d.cts. */
export const packageBuild: Options = {
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
}
