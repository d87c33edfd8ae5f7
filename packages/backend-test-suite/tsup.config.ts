import { defineConfig } from 'tsup'

const shared = { sourcemap: true, target: 'node20', external: ['vitest'], dts: true } as const

// ESM gets the suite; CommonJS gets an entry without vitest, which cannot be required.
export default defineConfig([
  { ...shared, entry: { index: 'src/index.ts' }, format: ['esm'], clean: true },
  { ...shared, entry: { index: 'src/require.ts' }, format: ['cjs'] },
])
