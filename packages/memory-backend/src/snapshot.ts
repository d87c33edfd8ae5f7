import type { EntrySpec, SeedData } from './file-format.js'
import type { ParameterStore } from './parameter-store.js'
import type { SecretStore } from './secret-store.js'

/** Exports the store in the seed format: plain strings where nothing else needs saying, the object form otherwise. */
export function toSeedData(parameters: ParameterStore, secrets: SecretStore): SeedData {
  const out: SeedData = {}
  for (const p of parameters.parameters.values()) {
    const simple =
      p.type === 'String' &&
      p.tier === 'Standard' &&
      p.versions.length === 1 &&
      !p.versions[0]!.labels.length &&
      !Object.keys(p.tags).length
    if (simple) {
      out[p.name] = p.versions[0]!.value
      continue
    }
    const spec: EntrySpec = {
      type: p.type,
      versions: p.versions.map((v) =>
        v.labels.length ? { value: v.value, labels: [...v.labels] } : { value: v.value },
      ),
    }
    if (Object.keys(p.tags).length) spec.tags = { ...p.tags }
    if (p.tier === 'Advanced') spec.tier = 'Advanced'
    out[p.name] = spec
  }
  for (const s of secrets.secrets.values()) {
    const kept = s.versions.filter((v) => v.stages.length > 0)
    const binary = kept.some((v) => typeof v.value !== 'string')
    const spec: EntrySpec = {
      type: binary ? 'Binary' : 'Secret',
      versions: kept.map((v) =>
        typeof v.value === 'string'
          ? { value: v.value, stages: [...v.stages] }
          : { base64: Buffer.from(v.value).toString('base64'), stages: [...v.stages] },
      ),
    }
    if (Object.keys(s.tags).length) spec.tags = { ...s.tags }
    if (s.rotationDays !== undefined) spec.rotationDays = s.rotationDays
    out[s.name] = spec
  }
  return out
}
