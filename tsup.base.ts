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

/**
 * The build of a package on AWS: @paramkit/aws-kit is internal to the family and never published,
 * so its code and its types are bundled into the package (its own dependencies stay external).
 */
export const awsPackageBuild: Options = {
  ...packageBuild,
  noExternal: ['@paramkit/aws-kit'],
  dts: { resolve: ['@paramkit/aws-kit'] },
}
