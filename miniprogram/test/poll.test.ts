import { backoffDelay, startPolling, type Schedule } from '../src/utils/poll'

/** A manual clock: scheduled callbacks run when the test says so. */
function manualClock() {
  const queue: Array<{ fn: () => void; ms: number; cancelled: boolean }> = []
  const schedule: Schedule = (fn, ms) => {
    const entry = { fn, ms, cancelled: false }
    queue.push(entry)
    return () => {
      entry.cancelled = true
    }
  }
  const flush = () => new Promise<void>(resolve => setImmediate(resolve))
  return {
    schedule,
    delays: () => queue.map(e => e.ms),
    pending: () => queue.filter(e => !e.cancelled).length,
    async runNext() {
      const entry = queue.find(e => !e.cancelled)
      if (!entry) throw new Error('nothing scheduled')
      entry.cancelled = true
      entry.fn()
      await flush()
    },
    flush,
  }
}

describe('backoffDelay', () => {
  it('uses the interval when there were no errors', () => {
    expect(backoffDelay(5000, 0, 60000)).toBe(5000)
  })
  it('doubles per consecutive error and caps', () => {
    expect(backoffDelay(5000, 1, 60000)).toBe(10000)
    expect(backoffDelay(5000, 2, 60000)).toBe(20000)
    expect(backoffDelay(5000, 3, 60000)).toBe(40000)
    expect(backoffDelay(5000, 4, 60000)).toBe(60000)
    expect(backoffDelay(5000, 30, 60000)).toBe(60000)
  })
})

describe('startPolling', () => {
  it('polls every interval until a terminal status', async () => {
    const clock = manualClock()
    const answers = ['PENDING', 'RUNNING', 'SUCCEEDED']
    const fetch = jest.fn(() => Promise.resolve(answers.shift() ?? 'SUCCEEDED'))
    const onUpdate = jest.fn()
    const onDone = jest.fn()
    const poller = startPolling({
      fetch,
      isDone: s => s === 'SUCCEEDED' || s === 'FAILED' || s === 'UNKNOWN',
      onUpdate,
      onDone,
      intervalMs: 5000,
      schedule: clock.schedule,
    })
    await clock.flush()
    expect(fetch).toHaveBeenCalledTimes(1) // first fetch at once
    await clock.runNext()
    await clock.runNext()
    expect(fetch).toHaveBeenCalledTimes(3)
    expect(onUpdate.mock.calls.map(c => c[0])).toEqual(['PENDING', 'RUNNING', 'SUCCEEDED'])
    expect(onDone).toHaveBeenCalledWith('SUCCEEDED')
    expect(clock.delays()).toEqual([5000, 5000])
    expect(clock.pending()).toBe(0)
    expect(poller.stopped).toBe(true)
  })

  it.each(['FAILED', 'UNKNOWN'])('stops on %s', async terminal => {
    const clock = manualClock()
    const onDone = jest.fn()
    startPolling({
      fetch: () => Promise.resolve(terminal),
      isDone: s => s === 'SUCCEEDED' || s === 'FAILED' || s === 'UNKNOWN',
      onDone,
      schedule: clock.schedule,
    })
    await clock.flush()
    expect(onDone).toHaveBeenCalledWith(terminal)
    expect(clock.pending()).toBe(0)
  })

  it('backs off exponentially on errors and resets after a success', async () => {
    const clock = manualClock()
    const script: Array<string | Error> = [new Error('net'), new Error('net'), new Error('net'), 'RUNNING', new Error('net'), 'SUCCEEDED']
    const fetch = jest.fn(() => {
      const next = script.shift()
      return next instanceof Error ? Promise.reject(next) : Promise.resolve(next ?? 'SUCCEEDED')
    })
    const onError = jest.fn()
    startPolling({
      fetch,
      isDone: s => s === 'SUCCEEDED',
      onError,
      intervalMs: 5000,
      maxBackoffMs: 30000,
      schedule: clock.schedule,
    })
    await clock.flush()
    for (let i = 0; i < 5; i += 1) await clock.runNext()
    expect(fetch).toHaveBeenCalledTimes(6)
    // 3 errors: 10s, 20s, 30s (capped); success: 5s; error again: 10s (count restarted)
    expect(clock.delays()).toEqual([10000, 20000, 30000, 5000, 10000])
    expect(onError.mock.calls.map(c => c[1])).toEqual([1, 2, 3, 1])
    expect(onError.mock.calls.map(c => c[2])).toEqual([10000, 20000, 30000, 10000])
  })

  it('gives up when shouldStop says so', async () => {
    const clock = manualClock()
    const onError = jest.fn()
    const poller = startPolling({
      fetch: () => Promise.reject(new Error('login')),
      isDone: () => false,
      onError,
      shouldStop: () => true,
      schedule: clock.schedule,
    })
    await clock.flush()
    expect(poller.stopped).toBe(true)
    expect(onError).not.toHaveBeenCalled()
    expect(clock.pending()).toBe(0)
  })

  it('stop() cancels the next fetch and ignores an answer in flight', async () => {
    const clock = manualClock()
    let resolveFetch: (value: string) => void = () => undefined
    const fetch = jest.fn(() => new Promise<string>(resolve => (resolveFetch = resolve)))
    const onUpdate = jest.fn()
    const poller = startPolling({ fetch, isDone: () => false, onUpdate, schedule: clock.schedule })
    poller.stop()
    resolveFetch('RUNNING')
    await clock.flush()
    expect(onUpdate).not.toHaveBeenCalled()
    expect(clock.pending()).toBe(0)
  })
})
