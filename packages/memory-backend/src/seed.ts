import { flattenSeed, type SeedData } from './file-format.js'
import type { ParameterStore } from './parameter-store.js'
import type { SecretStore } from './secret-store.js'

/** Loads seed data through the stores' own rules, so a seed can hold nothing a put would refuse. */
export function applySeed(
  seed: SeedData,
  parameters: ParameterStore,
  secrets: SecretStore,
  defaultTier?: 'Standard' | 'Advanced' | 'Intelligent-Tiering',
): void {
  for (const { name, spec } of flattenSeed(seed)) {
    const type = spec.type ?? 'String'
    const versions = spec.versions ?? [spec]
    versions.forEach((v, i) => {
      const value = v.base64 !== undefined ? new Uint8Array(Buffer.from(v.base64, 'base64')) : v.value!
      const first = i === 0
      if (type === 'Secret' || type === 'Binary') {
        secrets.put(name, value, {
          overwrite: !first,
          tags: first ? spec.tags : undefined,
          rotationDays: spec.rotationDays,
        })
      } else {
        const version = parameters.put(name, value as string, {
          type,
          overwrite: !first,
          tags: first ? spec.tags : undefined,
          tier: spec.tier ?? defaultTier ?? 'Intelligent-Tiering',
          keyId: undefined,
        })
        if (v.labels?.length) parameters.label(name, version, v.labels)
      }
    })
    const record = secrets.secrets.get(name)
    if (record && versions.some((v) => v.stages)) {
      record.versions.forEach((version, i) => {
        version.stages = [...(versions[i]?.stages ?? [])]
      })
    }
  }
}
