/**
 * @jest-environment jsdom
 */
import { fireEvent, render, screen } from '@testing-library/react'
import type { StickerView } from '@app/shared'
import CaptionStylePicker from '../src/components/CaptionStylePicker'
import FormField from '../src/components/FormField'
import Notice from '../src/components/Notice'
import PageState from '../src/components/PageState'
import PriceBar from '../src/components/PriceBar'
import SimulatedHint from '../src/components/SimulatedHint'
import StatusBadge from '../src/components/StatusBadge'
import StickerCard from '../src/components/StickerCard'
import { WEB_SEARCH_NOTICE } from '../src/constants'

const byTestId = (container: HTMLElement, id: string) => container.querySelector(`[data-testid="${id}"]`)

describe('PageState', () => {
  it('shows an error with a retry action', () => {
    const onAction = jest.fn()
    const { container } = render(<PageState kind="error" title="加载失败了" onAction={onAction} testId="x-error" />)
    expect(screen.getByText('加载失败了')).toBeTruthy()
    const button = byTestId(container, 'x-error-action') as HTMLElement
    expect(button.textContent).toBe('重试')
    fireEvent.click(button)
    expect(onAction).toHaveBeenCalledTimes(1)
  })
  it('loading has no action', () => {
    const { container } = render(<PageState kind="loading" onAction={() => undefined} />)
    expect(screen.getByText('加载中…')).toBeTruthy()
    expect(container.querySelector('button')).toBeNull()
  })
})

describe('StatusBadge', () => {
  it.each([
    ['SUCCEEDED', '已完成', 'success'],
    ['FAILED', '失败', 'danger'],
    ['RUNNING', '生成中', 'progress'],
    ['CANCELED', '已取消', 'muted'],
  ] as const)('%s → %s', (status, label, tone) => {
    const { container } = render(<StatusBadge status={status} />)
    const badge = byTestId(container, 'status-badge') as HTMLElement
    expect(badge.textContent).toBe(label)
    expect(badge.className).toContain(`status-badge--${tone}`)
    expect(badge.getAttribute('data-status')).toBe(status)
  })
})

describe('PriceBar', () => {
  it('shows the price and the balance, flagging a shortfall', () => {
    const { container, rerender } = render(<PriceBar price={20} available={100} />)
    expect(byTestId(container, 'price-value')?.textContent).toBe('20')
    expect(byTestId(container, 'price-available')?.textContent).toBe('可用 100')
    rerender(<PriceBar price={20} available={10} />)
    expect(byTestId(container, 'price-available')?.textContent).toBe('可用 10（不足）')
    rerender(<PriceBar price={20} available={null} />)
    expect(byTestId(container, 'price-available')).toBeNull()
  })
})

describe('FormField', () => {
  it('shows the error instead of the hint', () => {
    const { rerender } = render(
      <FormField label="手机号" hint="11 位" testId="f">
        <input />
      </FormField>,
    )
    expect(screen.getByText('11 位')).toBeTruthy()
    rerender(
      <FormField label="手机号" hint="11 位" error="请输入正确的 11 位手机号" testId="f">
        <input />
      </FormField>,
    )
    expect(screen.queryByText('11 位')).toBeNull()
    expect(screen.getByText('请输入正确的 11 位手机号')).toBeTruthy()
  })
})

describe('Notice / SimulatedHint', () => {
  it('renders the web-search notice verbatim', () => {
    const { container } = render(<Notice text={WEB_SEARCH_NOTICE} testId="web-search-notice" />)
    expect(byTestId(container, 'web-search-notice')?.textContent).toContain(WEB_SEARCH_NOTICE)
  })
  it('simulated hint only when providers are simulated', () => {
    const { container, rerender } = render(<SimulatedHint providers={[]} />)
    expect(byTestId(container, 'simulated-hint')).toBeNull()
    rerender(<SimulatedHint providers={['dashscope']} />)
    expect(byTestId(container, 'simulated-hint')?.textContent).toContain('模拟模式')
  })
})

describe('StickerCard', () => {
  const base: StickerView = {
    jobId: 'job_1',
    kind: 'text',
    status: 'SUCCEEDED',
    legacyStatus: 'SUCCEEDED',
    prompt: '橘猫偷笑',
    caption: '好的',
    captionStyle: { position: 'bottom', color: 'white' },
    provider: 'dashscope',
    progress: 100,
    gifUrl: '/files/job_1.gif',
    mp4Url: null,
    thumbnailUrl: null,
    credits: 20,
    errorMessage: null,
    showcaseAllowed: false,
    typicalSeconds: null,
    createdAt: new Date().toISOString(),
    finishedAt: null,
  }

  it('opens, deletes; no retry when it succeeded', () => {
    const onOpen = jest.fn()
    const onDelete = jest.fn()
    const onRetry = jest.fn()
    const { container } = render(<StickerCard sticker={base} onOpen={onOpen} onDelete={onDelete} onRetry={onRetry} />)
    expect(container.querySelector('img')?.getAttribute('src')).toBe('/files/job_1.gif')
    expect(screen.getByText('已完成')).toBeTruthy()
    fireEvent.click(byTestId(container, 'sticker-card-open') as HTMLElement)
    expect(onOpen).toHaveBeenCalledWith(base)
    fireEvent.click(byTestId(container, 'sticker-card-delete') as HTMLElement)
    expect(onDelete).toHaveBeenCalledWith(base)
    expect(byTestId(container, 'sticker-card-retry')).toBeNull()
  })

  it('offers retry on a failed sticker', () => {
    const failed = { ...base, status: 'FAILED' as const, gifUrl: null }
    const onRetry = jest.fn()
    const { container } = render(<StickerCard sticker={failed} onOpen={() => undefined} onRetry={onRetry} onDelete={() => undefined} />)
    expect(screen.getByText('失败')).toBeTruthy()
    fireEvent.click(byTestId(container, 'sticker-card-retry') as HTMLElement)
    expect(onRetry).toHaveBeenCalledWith(failed)
  })

  it('cannot be deleted while generating', () => {
    const running = { ...base, status: 'RUNNING' as const, gifUrl: null }
    const { container } = render(<StickerCard sticker={running} onOpen={() => undefined} onDelete={() => undefined} />)
    expect(byTestId(container, 'sticker-card-delete')).toBeNull()
    expect(screen.getByText('生成中')).toBeTruthy()
  })
})

describe('CaptionStylePicker', () => {
  it('marks the current position and colour and reports a change of either', () => {
    const changes: unknown[] = []
    const { container } = render(<CaptionStylePicker value={{ position: 'bottom', color: 'white' }} onChange={v => changes.push(v)} testId="cs" />)
    expect(byTestId(container, 'cs-position-bottom')?.className).toContain('is-active')
    expect(byTestId(container, 'cs-color-white')?.className).toContain('is-active')
    fireEvent.click(byTestId(container, 'cs-position-top') as HTMLElement)
    fireEvent.click(byTestId(container, 'cs-color-yellow') as HTMLElement)
    expect(changes).toEqual([
      { position: 'top', color: 'white' },
      { position: 'bottom', color: 'yellow' },
    ])
  })
})
