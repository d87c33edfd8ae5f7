export interface MotoServer {
  /** e.g. http://127.0.0.1:5123 */
  url: string
  port: number
  /** The process id of the moto running now (a restart starts another). */
  readonly pid: number | undefined
  /** Whether the current moto process has not exited. */
  running(): boolean
  /** Stops the process answering (SIGSTOP): connections stay open, requests wait unread. */
  pause(): void
  /** Lets a paused process go on (SIGCONT); does nothing to one that is not paused. */
  resume(): void
  /** Sends `signal` (SIGKILL by default) and resolves once the process has exited. */
  kill(signal?: NodeJS.Signals): Promise<void>
  /** Starts a new moto on the same port, with empty state, once the last one has exited; rejects when it cannot. */
  restart(): Promise<void>
  /** Ends moto (paused or not); resolves at once when it has already exited. */
  stop(): Promise<void>
}

/** Resolves once moto answers on `port` (a free port when not given); rejects (never skips) when it cannot start. */
export function startMoto(options?: { port?: number }): Promise<MotoServer>
