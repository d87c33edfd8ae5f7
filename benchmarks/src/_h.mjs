import { hitsSuite } from './suites/hits.mjs'
const r = await hitsSuite({ quick: !process.argv.includes('--full') })
for (const row of r.rows) console.log(JSON.stringify(row, (k, v) => typeof v === 'number' ? Math.round(v*1000)/1000 : v))
