import { useEffect, useRef, useState } from 'react'
import { View, Text, Button, Progress } from '@tarojs/components'
import { useRouter, useUnload } from '@tarojs/taro'
import PageState from '../../components/PageState'
import StatusBadge from '../../components/StatusBadge'
import { KIND_LABELS, POLL_INTERVAL_MS, POLL_MAX_BACKOFF_MS, ROUTES } from '../../constants'
import { Api, type VideoQueryData } from '../../services/api'
import { isApiError } from '../../services/errors'
import { confirm, showError, toast } from '../../services/feedback'
import { go, replace } from '../../services/nav'
import { formatElapsed } from '../../utils/format'
import { startPolling, type Poller } from '../../utils/poll'
import { buildQuery } from '../../utils/url'
import type { StickerView } from '@app/shared'
import { isTerminal, phaseText, progressPercent, retryText, tipAt, STAGES, stageIndex } from './helper'
import './index.scss'

export default function GeneratingPage() {
  const router = useRouter()
  const jobId = router.params.jobId ?? ''
  const [data, setData] = useState<VideoQueryData | null>(null)
  const [sticker, setSticker] = useState<StickerView | null>(null)
  const [startedAt, setStartedAt] = useState(() => Date.now())
  const [now, setNow] = useState(() => Date.now())
  const [networkIssue, setNetworkIssue] = useState('')
  const [fatal, setFatal] = useState('')
  const poller = useRef<Poller | null>(null)

  /** The app's view of the task (real status): only a QUEUED task can still be cancelled. */
  const refreshSticker = () =>
    Api.getSticker(jobId)
      .then(setSticker)
      .catch((error: unknown) => console.warn('sticker details unavailable', error))

  const stop = () => {
    poller.current?.stop()
    poller.current = null
  }

  const start = () => {
    stop()
    setFatal('')
    poller.current = startPolling<VideoQueryData>({
      fetch: () => Api.queryVideo(jobId),
      isDone: result => isTerminal(result.status),
      intervalMs: POLL_INTERVAL_MS,
      maxBackoffMs: POLL_MAX_BACKOFF_MS,
      onUpdate: result => {
        setData(result)
        setNetworkIssue('')
        // while it may still be cancellable, follow the real status so the link goes once it cannot work
        if (result.status === 'PENDING') void refreshSticker()
      },
      onDone: result => {
        if (result.status === 'UNKNOWN') return // shown on this page
        void replace(`${ROUTES.result}${buildQuery({ jobId })}`)
      },
      onError: (_error, _count, nextDelay) => setNetworkIssue(retryText(nextDelay)),
      shouldStop: error => {
        if (!isApiError(error)) return false
        if (error.handled) return true
        if (error.status === 404 || error.status === 403) {
          setFatal(error.message)
          return true
        }
        return false
      },
    })
  }

  useEffect(() => {
    if (!jobId) return undefined
    Api.getSticker(jobId)
      .then(view => {
        setSticker(view)
        const created = new Date(view.createdAt).getTime()
        if (!Number.isNaN(created) && created <= Date.now()) setStartedAt(created)
      })
      .catch((error: unknown) => console.warn('sticker details unavailable', error))
    start()
    const clock = setInterval(() => setNow(Date.now()), 1000)
    return () => {
      clearInterval(clock)
      stop()
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [jobId])

  useUnload(stop)

  const cancel = async () => {
    if (!(await confirm('取消生成', '取消后积分会退回，确定取消吗？', '取消生成'))) return
    try {
      await Api.cancelSticker(jobId)
      stop()
      toast('已取消，积分已退回')
      void replace(`${ROUTES.result}${buildQuery({ jobId })}`)
    } catch (error) {
      showError(error)
      void refreshSticker() // e.g. 409 "已开始生成": the page shows the state the server has now
    }
  }

  if (!jobId) {
    return (
      <View className="page">
        <PageState kind="error" title="缺少任务编号" actionText="回首页" onAction={() => void go(ROUTES.home)} testId="generating-error" />
      </View>
    )
  }

  if (fatal || data?.status === 'UNKNOWN') {
    return (
      <View className="page">
        <PageState
          kind="error"
          title={fatal || '任务不存在'}
          description="可能已被删除，或者编号不正确"
          actionText="查看我的表情"
          onAction={() => void go(ROUTES.stickers)}
          testId="generating-unknown"
        />
      </View>
    )
  }

  const status = data?.status ?? 'PENDING'
  const elapsed = now - startedAt
  const percent = progressPercent(status, data?.progress, elapsed)
  const stage = stageIndex(status, data?.progress)

  return (
    <View className="page generating-page" data-testid="generating-page" data-status={status}>
      <View className="card generating-card">
        <View className="generating-anim">
          <Text className="generating-anim__emoji">🎬</Text>
        </View>
        <Text className="generating-phase" data-testid="generating-phase">
          {phaseText(status, percent)}
        </Text>
        <View className="generating-meta">
          <StatusBadge status={status} />
          <Text className="generating-elapsed" data-testid="generating-elapsed">
            已用时 {formatElapsed(elapsed)}
            {sticker?.typicalSeconds ? ` · 通常约 ${formatElapsed(sticker.typicalSeconds * 1000)}` : ''}
          </Text>
        </View>
        <View className="generating-stages" data-testid="generating-stages">
          {STAGES.map((label, i) => (
            <Text
              key={label}
              className={`generating-stage${i < stage ? ' is-done' : i === stage ? ' is-current' : ''}`}
              data-testid={i === stage ? 'generating-stage-current' : undefined}
            >
              {label}
            </Text>
          ))}
        </View>
        <View className="generating-progress">
          <Progress percent={percent} strokeWidth={8} activeColor="#ff6a3d" backgroundColor="#f0f1f3" borderRadius={8} active={false} />
          <Text className="generating-progress__num" data-testid="generating-progress">
            {percent}%
          </Text>
        </View>
        {networkIssue ? (
          <Text className="generating-network" data-testid="generating-network">
            {networkIssue}
          </Text>
        ) : null}
        {sticker ? (
          <Text className="generating-prompt muted">
            {KIND_LABELS[sticker.kind]}：{sticker.prompt}
          </Text>
        ) : null}
        <Text className="generating-tip muted">{tipAt(elapsed)}</Text>
      </View>
      <Button className="btn btn-plain" onClick={() => void go(ROUTES.stickers)} data-testid="generating-leave">
        先去逛逛，稍后在「我的表情」查看
      </Button>
      {status === 'PENDING' && sticker?.status === 'QUEUED' ? (
        <Text className="generating-cancel link" onClick={() => void cancel()} data-testid="generating-cancel">
          不想要了，取消生成
        </Text>
      ) : null}
    </View>
  )
}
