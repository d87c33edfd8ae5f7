import type { OutputStream } from '../io.js'

export interface Progress {
  tick(): void
  done(): void
}

const WIDTH = 30

/**
 * A progress bar on stderr. On a TTY it redraws one line; elsewhere (logs, CI) it prints a line
 * at every tenth. Shown on a TTY, or when there are more than 50 writes.
 */
export function progressBar(stream: OutputStream, total: number, enabled: boolean): Progress {
  if (!enabled || total === 0 || !(stream.isTTY || total > 50)) return { tick() {}, done() {} }
  let count = 0
  let shownTenth = 0
  const draw = () => {
    const filled = Math.round((count / total) * WIDTH)
    stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${count}/${total} writes`)
  }
  return {
    tick() {
      count++
      if (stream.isTTY) draw()
      else if (Math.floor((count * 10) / total) > shownTenth || count === total) {
        shownTenth = Math.floor((count * 10) / total)
        stream.write(`push: ${count}/${total} writes (${Math.round((count / total) * 100)}%)\n`)
      }
    },
    done() {
      if (stream.isTTY) stream.write('\n')
    },
  }
}
