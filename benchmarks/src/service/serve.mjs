// Child process of the service suite: builds one variant's app, listens on 127.0.0.1, reports its port.
import { allVariants } from './app.mjs'

const app = await allVariants[process.argv[2]]()
const server = app.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }))
process.on('disconnect', () => server.close(() => process.exit(0)))
