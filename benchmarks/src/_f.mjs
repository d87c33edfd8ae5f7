import { fleetSuite } from './suites/fleet.mjs'
const r = await fleetSuite({ quick: false })
console.table(r.rows)
