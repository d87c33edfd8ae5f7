import { memorySuite } from './suites/memory.mjs'
const r = await memorySuite({ quick: true })
console.table(r.rows)
