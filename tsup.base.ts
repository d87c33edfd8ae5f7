import type { Options } from 'tsup'

/** Every package's build: ESM and CJS from src/index.ts, each with its own .d.ts / .d.cts. */
export const packageBuild: Options = {
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  // tsup turns split ESM chunks into CommonJS with sucrase, which renames every class to `_classN`
  // (`new NotFoundError().name` was '_class2' from require()); keepNames pins each class's own name.
  esbuildOptions(options) {
    options.keepNames = true
  },
}
