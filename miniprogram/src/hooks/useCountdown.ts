import { useCallback, useEffect, useRef, useState } from 'react'

/** Seconds left of a countdown that ticks once a second (SMS resend). */
export function useCountdown(): { remaining: number; start: (seconds: number) => void } {
  const [remaining, setRemaining] = useState(0)
  const timer = useRef<ReturnType<typeof setInterval> | null>(null)

  const clear = () => {
    if (timer.current) clearInterval(timer.current)
    timer.current = null
  }

  const start = useCallback((seconds: number) => {
    clear()
    setRemaining(seconds)
    timer.current = setInterval(() => {
      setRemaining(value => {
        if (value <= 1) {
          clear()
          return 0
        }
        return value - 1
      })
    }, 1000)
  }, [])

  useEffect(() => clear, [])
  return { remaining, start }
}
