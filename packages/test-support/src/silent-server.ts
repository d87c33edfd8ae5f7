import { createServer, type Server, type Socket } from 'node:net'

/**
 * A TCP server on 127.0.0.1 that accepts connections and never answers a byte: a dead endpoint as a
 * hung load balancer or a black-holed route looks to a client. Counts connections opened and closed.
 */
export interface SilentServer {
  port: number
  endpoint: string
  /** Connections accepted so far. */
  readonly opened: number
  /** Connections the client has closed (or reset) so far. */
  readonly closed: number
  /** Resolves once `count` connections have been closed by the client; rejects after `ms`. */
  closedAtLeast(count: number, ms?: number): Promise<void>
  /** Resolves once `count` connections have been accepted; rejects after `ms`. */
  openedAtLeast(count: number, ms?: number): Promise<void>
  stop(): Promise<void>
}

export async function silentServer(): Promise<SilentServer> {
  const sockets = new Set<Socket>()
  let opened = 0
  let closed = 0
  const waiters: (() => void)[] = []
  const server = createServer((socket) => {
    opened++
    sockets.add(socket)
    for (const wake of waiters.splice(0)) wake()
    socket.on('error', () => {})
    // Reads (and drops) the request, so the client closing its end is seen as 'end', then 'close'.
    socket.resume()
    socket.on('close', () => {
      closed++
      sockets.delete(socket)
      for (const wake of waiters.splice(0)) wake()
    })
  })
  const port = await listen(server)
  async function until(done: () => boolean, what: string, ms: number): Promise<void> {
    const deadline = Date.now() + ms
    while (!done()) {
      if (Date.now() > deadline)
        throw new Error(`not ${what} after ${ms} ms (${opened} opened, ${closed} closed)`)
      await new Promise<void>((resolve) => {
        waiters.push(resolve)
        setTimeout(resolve, 50).unref()
      })
    }
  }
  return {
    port,
    endpoint: `http://127.0.0.1:${port}`,
    get opened() {
      return opened
    },
    get closed() {
      return closed
    },
    closedAtLeast: (count, ms = 2000) => until(() => closed >= count, `${count} connections closed`, ms),
    openedAtLeast: (count, ms = 2000) => until(() => opened >= count, `${count} connections opened`, ms),
    async stop() {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/** A port nothing listens on: bound, then closed, so connecting to it is refused (ECONNREFUSED). */
export async function refusedPort(): Promise<number> {
  const server = createServer()
  const port = await listen(server)
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

/** Listens on an ephemeral port of 127.0.0.1; resolves the port. */
function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      resolve(typeof address === 'object' && address ? address.port : 0)
    })
  })
}
