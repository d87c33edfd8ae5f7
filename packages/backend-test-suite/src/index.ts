export { omittedGroups } from './capabilities.js'
export { type ConformanceOptions, type CreateBackend, collect, type SeedEntry } from './context.js'
export { backendConformanceSuite } from './suite.js'
