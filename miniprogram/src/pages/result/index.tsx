import { useCallback, useState } from 'react'
import { View, Text, Button, Image, Input, Switch } from '@tarojs/components'
import Taro, { useLoad, useRouter, useShareAppMessage } from '@tarojs/taro'
import { DEFAULT_CAPTION_STYLE, type CaptionStyle, type StickerView } from '@app/shared'
import CaptionStylePicker from '../../components/CaptionStylePicker'
import FormField from '../../components/FormField'
import PageState from '../../components/PageState'
import StatusBadge from '../../components/StatusBadge'
import { CREATE_ROUTE_BY_KIND, KIND_LABELS, ROUTES } from '../../constants'
import { useAvailableCredits } from '../../hooks/useAvailableCredits'
import { Api } from '../../services/api'
import { errorMessage } from '../../services/errors'
import { confirmRetry, showError, toast, toastSuccess } from '../../services/feedback'
import { mediaUrl } from '../../services/media'
import { go, replace } from '../../services/nav'
import { useMeta } from '../../hooks/useMeta'
import { formatRelativeTime } from '../../utils/format'
import { charCount, validateCaption } from '../../utils/validate'
import { buildQuery } from '../../utils/url'
import { downloadName, failureReason, gifDisplaySize, resultView, saveFailureKind } from './helper'
import './index.scss'

const IS_WEAPP = process.env.TARO_ENV === 'weapp'
const IS_H5 = process.env.TARO_ENV === 'h5'

function errMsgOf(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const msg = (error as { errMsg?: unknown }).errMsg
    if (typeof msg === 'string') return msg
  }
  return error instanceof Error ? error.message : ''
}

async function downloadToTemp(url: string): Promise<string> {
  const res = await Taro.downloadFile({ url })
  if (res.statusCode !== 200) throw new Error(`download status ${res.statusCode}`)
  return res.tempFilePath
}

export default function ResultPage() {
  const router = useRouter()
  const jobId = router.params.jobId ?? ''
  const [sticker, setSticker] = useState<StickerView | null>(null)
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState('')
  const [working, setWorking] = useState(false)
  const meta = useMeta()
  const [editing, setEditing] = useState(false)
  const [caption, setCaption] = useState('')
  const [style, setStyle] = useState<CaptionStyle>(DEFAULT_CAPTION_STYLE)
  const { available } = useAvailableCredits()

  const load = useCallback(async () => {
    if (!jobId) {
      setLoading(false)
      setError('缺少任务编号')
      return
    }
    setLoading(true)
    setError('')
    try {
      setSticker(await Api.getSticker(jobId))
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      setLoading(false)
    }
  }, [jobId])

  useLoad(() => {
    void load()
  })

  useShareAppMessage(() => ({
    title: sticker?.caption || '我用表情工坊做了个表情包',
    path: ROUTES.home,
    imageUrl: sticker?.gifUrl ? mediaUrl(sticker.gifUrl) : undefined,
  }))

  const gif = sticker?.gifUrl ? mediaUrl(sticker.gifUrl) : ''
  // weapp: the GIF at a whole multiple of its own size inside the 560 rpx box (H5 does this in CSS)
  const [natural, setNatural] = useState({ width: 0, height: 0 })
  const gifStyle = IS_WEAPP && natural.width > 0 ? gifDisplaySize(natural, Math.floor((Taro.getSystemInfoSync().windowWidth * 560) / 750)) : null

  const saveToAlbum = async (): Promise<void> => {
    if (!gif || working) return
    setWorking(true)
    void Taro.showLoading({ title: '保存中…', mask: true })
    try {
      const filePath = await downloadToTemp(gif)
      await Taro.saveImageToPhotosAlbum({ filePath })
      Taro.hideLoading()
      toastSuccess('已保存到相册')
    } catch (err) {
      Taro.hideLoading()
      const kind = saveFailureKind(errMsgOf(err))
      if (kind === 'cancel') return
      if (kind === 'auth-denied') {
        const res = await Taro.showModal({
          title: '需要相册权限',
          content: '保存表情需要「添加到相册」权限，请在设置中开启',
          confirmText: '去设置',
          cancelText: '暂不',
        })
        if (res.confirm) {
          const setting = await Taro.openSetting()
          if (setting.authSetting['scope.writePhotosAlbum']) {
            setWorking(false)
            await saveToAlbum()
            return
          }
        }
        return
      }
      toast('保存失败，请稍后重试')
    } finally {
      setWorking(false)
    }
  }

  const share = async () => {
    if (!gif || working) return
    const canShareImage = typeof Taro.showShareImageMenu === 'function' && Taro.canIUse('showShareImageMenu')
    if (!canShareImage) {
      await saveToAlbum()
      return
    }
    setWorking(true)
    try {
      const path = await downloadToTemp(gif)
      await Taro.showShareImageMenu({ path })
    } catch (err) {
      if (saveFailureKind(errMsgOf(err)) !== 'cancel') toast('分享失败，可以先保存到相册再发送')
    } finally {
      setWorking(false)
    }
  }

  /** The owner's "允许展示" switch; the server's answer is the new state (off also leaves the showcase). */
  const toggleShowcase = async (allowed: boolean) => {
    if (!sticker || working) return
    setWorking(true)
    try {
      setSticker(await Api.setShowcaseAllowed(sticker.jobId, allowed))
      toastSuccess(allowed ? '已允许展示' : '已撤回展示')
    } catch (err) {
      showError(err)
    } finally {
      setWorking(false)
    }
  }

  const retry = async () => {
    if (!sticker || working) return
    if (!(await confirmRetry(sticker.credits))) return
    setWorking(true)
    try {
      const next = await Api.retrySticker(sticker.jobId)
      void replace(`${ROUTES.generating}${buildQuery({ jobId: next.jobId })}`)
    } catch (err) {
      showError(err)
    } finally {
      setWorking(false)
    }
  }

  const startEdit = () => {
    if (!sticker) return
    setCaption(sticker.caption ?? '')
    setStyle(sticker.captionStyle ?? DEFAULT_CAPTION_STYLE)
    setEditing(true)
  }

  const captionError = validateCaption(caption, meta.captionMaxLength)

  const recaption = async () => {
    if (!sticker || working || captionError) return
    setWorking(true)
    void Taro.showLoading({ title: '正在改字…', mask: true })
    try {
      const next = await Api.recaptionSticker(sticker.jobId, { caption: caption.trim(), captionStyle: style })
      Taro.hideLoading()
      setSticker(next)
      setEditing(false)
      toastSuccess('已改好')
    } catch (err) {
      Taro.hideLoading()
      showError(err)
    } finally {
      setWorking(false)
    }
  }

  const makeAnother = () => {
    void replace(sticker ? CREATE_ROUTE_BY_KIND[sticker.kind] : ROUTES.home)
  }

  if (loading) {
    return (
      <View className="page">
        <PageState kind="loading" testId="result-loading" />
      </View>
    )
  }

  if (error || !sticker) {
    return (
      <View className="page">
        <PageState kind="error" title={error || '加载失败'} onAction={() => void load()} testId="result-error" />
        <Text className="result-mine link" onClick={() => void replace(ROUTES.home)} data-testid="result-home">
          回到首页
        </Text>
      </View>
    )
  }

  const view = resultView(sticker)

  return (
    <View className="page result-page" data-testid="result-page" data-status={sticker.status}>
      {view === 'success' ? (
        <View className="card result-card">
          <View className="result-gif-wrap">
            <Image
              className="result-gif"
              src={gif}
              mode={gifStyle ? 'scaleToFill' : 'aspectFit'}
              style={gifStyle ? { width: `${gifStyle.width}px`, height: `${gifStyle.height}px` } : undefined}
              onLoad={e => setNatural({ width: Number(e.detail.width), height: Number(e.detail.height) })}
              showMenuByLongpress
              onClick={() => void Taro.previewImage({ urls: [gif], current: gif })}
              data-testid="result-gif"
            />
          </View>
          <Text className="result-title">表情做好啦</Text>
          <Text className="result-sub muted">
            {KIND_LABELS[sticker.kind]} · 消耗 {sticker.credits} 积分 · {formatRelativeTime(sticker.finishedAt ?? sticker.createdAt)}
          </Text>
          {IS_WEAPP ? <Text className="result-hint muted">长按表情可以直接发送或添加到表情</Text> : null}
        </View>
      ) : null}

      {view === 'failed' || view === 'canceled' ? (
        <View className="card result-card result-card--failed" data-testid="result-failed">
          <Text className="result-icon">{view === 'canceled' ? '🛑' : '😢'}</Text>
          <Text className="result-title">{view === 'canceled' ? '已取消生成' : '这次没做成'}</Text>
          {view === 'failed' ? (
            <Text className="result-reason" data-testid="result-reason">
              {failureReason(sticker.errorMessage)}
            </Text>
          ) : null}
          <Text className="result-refund" data-testid="result-refund">
            积分已退回
          </Text>
        </View>
      ) : null}

      {view === 'progress' ? (
        <View className="card result-card">
          <Text className="result-icon">🎬</Text>
          <Text className="result-title">还在生成中</Text>
          <StatusBadge status={sticker.status} />
        </View>
      ) : null}

      {view === 'success' && editing ? (
        <View className="card" data-testid="recaption-card">
          <FormField
            label="改配字（免费）"
            counter={`${charCount(caption)}/${meta.captionMaxLength}`}
            error={captionError}
            hint="不用重新生成，也不花积分；清空就是去掉配字"
            testId="recaption-field"
          >
            <Input className="input" placeholder="不填就没有字" value={caption} onInput={e => setCaption(e.detail.value)} data-testid="recaption-input" />
          </FormField>
          <CaptionStylePicker value={style} onChange={setStyle} testId="recaption-style" />
          <View className="result-actions">
            <Button
              className={`btn btn-primary${working ? ' is-disabled' : ''}`}
              disabled={working}
              onClick={() => void recaption()}
              data-testid="recaption-submit"
            >
              {working ? '正在改字…' : '保存新配字'}
            </Button>
            <Button className="btn btn-plain" disabled={working} onClick={() => setEditing(false)} data-testid="recaption-cancel">
              取消
            </Button>
          </View>
        </View>
      ) : null}

      {available !== null ? (
        <Text className="result-balance muted" data-testid="result-balance">
          当前可用 {available} 积分
        </Text>
      ) : null}

      <View className="card result-info">
        <View className="result-info__row">
          <Text className="result-info__label">状态</Text>
          <StatusBadge status={sticker.status} />
        </View>
        <View className="result-info__row">
          <Text className="result-info__label">描述</Text>
          <Text className="result-info__value">{sticker.prompt}</Text>
        </View>
        {sticker.caption ? (
          <View className="result-info__row">
            <Text className="result-info__label">配字</Text>
            <Text className="result-info__value">{sticker.caption}</Text>
          </View>
        ) : null}
        {view === 'success' ? (
          <View className="result-info__row" data-testid="result-showcase">
            <View className="result-info__value">
              <Text>允许展示</Text>
              <Text className="result-info__hint muted">打开后，运营可能把它放到首页精选；随时可以关闭</Text>
            </View>
            <Switch
              checked={sticker.showcaseAllowed}
              disabled={working}
              color="#ff6a3d"
              onChange={e => void toggleShowcase(e.detail.value)}
              data-testid="result-showcase-switch"
            />
          </View>
        ) : null}
      </View>

      <View className="result-actions">
        {view === 'success' && IS_WEAPP ? (
          <>
            <Button className={`btn btn-primary${working ? ' is-disabled' : ''}`} disabled={working} onClick={() => void share()} data-testid="result-share">
              发送给朋友 / 添加到表情
            </Button>
            <Button className="btn btn-ghost" disabled={working} onClick={() => void saveToAlbum()} data-testid="result-save">
              保存到相册
            </Button>
          </>
        ) : null}
        {view === 'success' && IS_H5 ? (
          <a
            className="btn btn-primary result-download"
            href={gif}
            download={downloadName(sticker)}
            target="_blank"
            rel="noreferrer"
            data-testid="result-download"
          >
            下载 GIF
          </a>
        ) : null}
        {view === 'success' && !editing ? (
          <Button className="btn btn-ghost" disabled={working} onClick={startEdit} data-testid="result-recaption">
            改配字（免费）
          </Button>
        ) : null}
        {view === 'failed' || view === 'canceled' ? (
          <Button className={`btn btn-primary${working ? ' is-disabled' : ''}`} disabled={working} onClick={() => void retry()} data-testid="result-retry">
            {working ? '正在提交…' : '重新生成'}
          </Button>
        ) : null}
        {view === 'progress' ? (
          <Button
            className="btn btn-primary"
            onClick={() => void replace(`${ROUTES.generating}${buildQuery({ jobId: sticker.jobId })}`)}
            data-testid="result-progress"
          >
            查看进度
          </Button>
        ) : null}
        <Button className="btn btn-plain" onClick={makeAnother} data-testid="result-again">
          再做一个
        </Button>
        <Text className="result-mine link" onClick={() => void go(ROUTES.stickers)} data-testid="result-mine">
          查看我的全部表情
        </Text>
      </View>
    </View>
  )
}
