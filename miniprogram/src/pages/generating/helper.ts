/** Generating page logic (pure). */
import type { LegacyStatus } from '@app/shared'

export const TERMINAL_STATUSES: readonly LegacyStatus[] = ['SUCCEEDED', 'FAILED', 'UNKNOWN']

export function isTerminal(status: LegacyStatus | string): boolean {
  return (TERMINAL_STATUSES as readonly string[]).includes(status)
}

/**
 * Progress to draw (0-100). The backend's own figure when it sends one; otherwise an estimate that
 * rises quickly at first and never reaches 100 before the task is done.
 */
export function progressPercent(status: LegacyStatus | string, reported: number | undefined | null, elapsedMs: number): number {
  if (status === 'SUCCEEDED') return 100
  if (typeof reported === 'number' && Number.isFinite(reported) && reported > 0) {
    return Math.max(1, Math.min(99, Math.round(reported)))
  }
  const estimate = 95 * (1 - Math.exp(-Math.max(0, elapsedMs) / 60000))
  return Math.max(status === 'PENDING' ? 1 : 3, Math.min(95, Math.round(estimate)))
}

export function phaseText(status: LegacyStatus | string, percent: number): string {
  switch (status) {
    case 'PENDING':
      return '排队中，马上轮到你'
    case 'RUNNING':
      return percent >= 90 ? '正在制作动图…' : 'AI 正在创作…'
    case 'SUCCEEDED':
      return '完成啦'
    case 'FAILED':
      return '生成失败'
    case 'UNKNOWN':
      return '任务不存在'
    default:
      return '准备中…'
  }
}

/** The four stages a sticker goes through, as the page shows them. */
export const STAGES = ['排队中', '生成中', '转成表情', '完成'] as const

/**
 * Which stage is current, from the seed 001 status and progress: PENDING is the queue (ours or the
 * provider's), RUNNING below 85 % is the provider making the video, from 85 % the backend is turning it into
 * a GIF (CONVERTING reports 85), SUCCEEDED is done.
 */
export function stageIndex(status: LegacyStatus | string, progress: number | undefined | null): number {
  if (status === 'SUCCEEDED') return 3
  if (status === 'RUNNING') return typeof progress === 'number' && progress >= 85 ? 2 : 1
  return 0
}

export const WAITING_TIPS: string[] = [
  '可以先去做点别的，做好后在「我的表情」里也能看到',
  '离开这个页面不会中断生成，完成后在「我的表情」里查看',
  '生成失败会自动退回积分',
  '动图会压缩到微信表情能用的大小',
]

export function tipAt(elapsedMs: number, everyMs = 6000): string {
  const index = Math.floor(Math.max(0, elapsedMs) / everyMs) % WAITING_TIPS.length
  return WAITING_TIPS[index] ?? ''
}

/** "网络不稳定，10 秒后重试" */
export function retryText(nextDelayMs: number): string {
  return `网络不稳定，${Math.round(nextDelayMs / 1000)} 秒后自动重试`
}
