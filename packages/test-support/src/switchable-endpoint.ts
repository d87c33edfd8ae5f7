import { connect, createServer, type Socket } from 'node:net'

export type EndpointMode = 'forward' | 'silent' | 'reset'

/**
 * A TCP endpoint on 127.0.0.1 in front of a real one (moto) that a test switches at will: `forward` pipes
 * each connection through, `silent` accepts and never answers (a hung load balancer), `reset` drops the
 * connection at once. Switching closes the connections open before, as a failing or healing region does.
 */
export interface SwitchableEndpoint {
  endpoint: string
  mode: EndpointMode
  /** Connections accepted so far, in any mode. */
  readonly opened: number
  set(mode: EndpointMode): void
  stop(): Promise<void>
}

export async function switchableEndpoint(
  target: string,
  mode: EndpointMode = 'forward',
): Promise<SwitchableEndpoint> {
  const { hostname, port } = new URL(target)
  const sockets = new Set<Socket>()
  let opened = 0
  const server = createServer((socket) => {
    opened++
    socket.on('error', () => {})
    if (state.mode === 'reset') {
      socket.destroy()
      return
    }
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    if (state.mode === 'silent') {
      socket.resume()
      return
    }
    const upstream = connect(Number(port), hostname)
    upstream.on('error', () => socket.destroy())
    socket.on('close', () => upstream.destroy())
    upstream.on('close', () => socket.destroy())
    socket.pipe(upstream).pipe(socket)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('switchableEndpoint: no TCP address')
  const state: SwitchableEndpoint = {
    endpoint: `http://127.0.0.1:${address.port}`,
    mode,
    get opened() {
      return opened
    },
    set(next) {
      state.mode = next
      for (const socket of sockets) socket.destroy()
    },
    async stop() {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
  return state
}

/** An endpoint where nothing listens: connections are refused (ECONNREFUSED). */
export async function closedPortEndpoint(): Promise<string> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('closedPortEndpoint: no TCP address')
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return `http://127.0.0.1:${address.port}`
}
