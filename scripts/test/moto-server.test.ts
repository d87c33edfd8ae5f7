import { createServer, type Socket } from 'node:net'
import { describe, expect, it } from 'vitest'
import { startMoto } from '../moto/server.mjs'

describe('startMoto', () => {
  it('rejects with what moto said, and does not hang, when the port is held by a server that never answers', async () => {
    const sockets = new Set<Socket>()
    const holder = createServer((socket) => {
      sockets.add(socket)
      socket.on('error', () => {})
    })
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve))
    const { port } = holder.address() as { port: number }
    try {
      const error = await startMoto({ port }).then(
        () => new Error('moto started on a port already in use'),
        (e: Error) => e,
      )
      expect(error.message).toMatch(/^moto server exited with code 1:/)
      expect(error.message).toContain(`Port ${port} is in use`)
    } finally {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => holder.close(() => resolve()))
    }
  }, 30_000)

  it('kills (SIGKILL), restarts on the same port, refuses to restart a running moto, pauses and resumes', async () => {
    const moto = await startMoto()
    try {
      const reset = (signal?: AbortSignal) =>
        fetch(`${moto.url}/moto-api/reset`, { method: 'POST', signal }).then((r) => r.status)
      expect(await reset()).toBe(200)
      await expect(moto.restart()).rejects.toThrow(
        /is still running on http:\/\/127\.0\.0\.1:\d+: kill it first/,
      )
      const first = moto.pid
      await moto.kill()
      expect(moto.running()).toBe(false)
      await expect(reset()).rejects.toThrow()
      await moto.restart()
      expect(moto.running()).toBe(true)
      expect(moto.pid).not.toBe(first)
      expect(await reset()).toBe(200)
      moto.pause()
      await expect(reset(AbortSignal.timeout(300))).rejects.toThrow(/aborted due to timeout/)
      moto.resume()
      expect(await reset()).toBe(200)
      moto.pause()
    } finally {
      await moto.stop() // paused: stop still ends it
    }
    expect(moto.running()).toBe(false)
  })
})
