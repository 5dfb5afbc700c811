/**
 * Polling with exponential backoff on errors (pure: the clock is injected, so tests drive it).
 *
 * The first fetch runs at once. After a good answer the next one waits `intervalMs`; after the n-th
 * error in a row it waits intervalMs·2ⁿ (capped at maxBackoffMs). Stops when `isDone` says so, when
 * `shouldStop(error)` says so, or when stop() is called (the page was left).
 */

export function backoffDelay(intervalMs: number, consecutiveErrors: number, maxMs: number): number {
  if (consecutiveErrors <= 0) return intervalMs
  const delay = intervalMs * Math.pow(2, consecutiveErrors)
  return Math.min(delay, maxMs)
}

export type Schedule = (fn: () => void, ms: number) => () => void

export const defaultSchedule: Schedule = (fn, ms) => {
  const handle = setTimeout(fn, ms)
  return () => clearTimeout(handle)
}

export interface PollOptions<T> {
  fetch: () => Promise<T>
  isDone: (result: T) => boolean
  onUpdate?: (result: T) => void
  onDone?: (result: T) => void
  /** called after each failed fetch with the number of errors in a row and the wait before the next try */
  onError?: (error: unknown, consecutiveErrors: number, nextDelayMs: number) => void
  /** return true to give up on this error (e.g. the user was sent to the login page) */
  shouldStop?: (error: unknown) => boolean
  intervalMs?: number
  maxBackoffMs?: number
  schedule?: Schedule
}

export interface Poller {
  stop: () => void
  readonly stopped: boolean
}

export function startPolling<T>(options: PollOptions<T>): Poller {
  const intervalMs = options.intervalMs ?? 5000
  const maxBackoffMs = options.maxBackoffMs ?? 60000
  const schedule = options.schedule ?? defaultSchedule
  let stopped = false
  let errors = 0
  let cancelTimer: (() => void) | null = null

  const stop = () => {
    stopped = true
    if (cancelTimer) cancelTimer()
    cancelTimer = null
  }

  const tick = async () => {
    cancelTimer = null
    if (stopped) return
    let result: T
    try {
      result = await options.fetch()
    } catch (error) {
      if (stopped) return
      if (options.shouldStop?.(error)) {
        stop()
        return
      }
      errors += 1
      const delay = backoffDelay(intervalMs, errors, maxBackoffMs)
      options.onError?.(error, errors, delay)
      if (!stopped) cancelTimer = schedule(() => void tick(), delay)
      return
    }
    if (stopped) return
    errors = 0
    options.onUpdate?.(result)
    if (options.isDone(result)) {
      stop()
      options.onDone?.(result)
      return
    }
    if (!stopped) cancelTimer = schedule(() => void tick(), intervalMs)
  }

  void tick()
  return {
    stop,
    get stopped() {
      return stopped
    },
  }
}
