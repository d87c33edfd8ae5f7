#!/usr/bin/env node
// `npm start`: builds every package, then runs the order-api demo (Express, memory backend by default).
import { join } from 'node:path'
import { buildAll, root, runForwarding } from './child.mjs'

buildAll()
runForwarding(process.execPath, ['server.mjs'], { cwd: join(root, 'examples/order-api-express') })
