// A bounded HTTP/1.1 keep-alive load loop on raw sockets: `connections` sockets each send one GET,
// wait for the whole response (Content-Length), and send the next, for `durationMs` after a warm-up.
// Raw sockets keep the client's own cost small beside the server's, as a dedicated load tool would.
import { connect } from 'node:net'

const HEAD_END = Buffer.from('\r\n\r\n')

export async function httpLoad({ port, path, connections = 20, durationMs = 3000, warmupMs = 500 }) {
  const request = Buffer.from(
    `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: keep-alive\r\n\r\n`,
  )
  const state = { counting: false, stop: false, ok: 0, failed: 0 }
  const loops = Array.from({ length: connections }, () => connectionLoop(port, request, state))
  await sleep(warmupMs)
  state.counting = true
  const start = performance.now()
  await sleep(durationMs)
  state.counting = false
  const elapsed = performance.now() - start
  state.stop = true
  await Promise.all(loops)
  return { requests: state.ok, failed: state.failed, rps: (state.ok / elapsed) * 1000 }
}

function connectionLoop(port, request, state) {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1', noDelay: true })
    let buffer = Buffer.alloc(0)
    socket.on('connect', () => socket.write(request))
    socket.on('error', reject)
    socket.on('close', resolve)
    socket.on('data', (chunk) => {
      buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk])
      for (;;) {
        const headEnd = buffer.indexOf(HEAD_END)
        if (headEnd === -1) return
        const head = buffer.subarray(0, headEnd).toString('latin1')
        const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0)
        const total = headEnd + HEAD_END.length + length
        if (buffer.length < total) return
        const status = Number(head.slice(9, 12))
        buffer = buffer.subarray(total)
        if (state.counting) {
          if (status === 200) state.ok++
          else state.failed++
        }
        if (state.stop) socket.end()
        else socket.write(request)
      }
    })
  })
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
