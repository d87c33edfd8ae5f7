import type { ConformanceGroup } from './context.js'
import { listGroup, oneLevelListGroup } from './groups/list.js'
import { readGroup } from './groups/reads.js'
import { typeGroup } from './groups/types.js'
import { labelGroup, stageGroup, versionGroup } from './groups/versions.js'
import { writeGroup } from './groups/writes.js'

export {
  labelGroup,
  listGroup,
  oneLevelListGroup,
  readGroup,
  stageGroup,
  typeGroup,
  versionGroup,
  writeGroup,
}

/** Every conformance group, in the order the suite runs them. */
export const conformanceGroups: readonly ConformanceGroup[] = [
  readGroup,
  typeGroup,
  listGroup,
  oneLevelListGroup,
  versionGroup,
  labelGroup,
  stageGroup,
  writeGroup,
]
