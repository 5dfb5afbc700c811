import { useCallback, useRef, useState } from 'react'
import { View, Text, Button } from '@tarojs/components'
import { useDidHide, useDidShow, useRouter, useUnload } from '@tarojs/taro'
import type { ExportReport, PackStickerView, PackView } from '@app/shared'
import PageState from '../../components/PageState'
import StickerCard from '../../components/StickerCard'
import { PACK_POLL_MS, ROUTES } from '../../constants'
import { Api } from '../../services/api'
import { errorMessage } from '../../services/errors'
import { confirm, showError, toastSuccess } from '../../services/feedback'
import { go, replace } from '../../services/nav'
import { startPolling, type Poller } from '../../utils/poll'
import { buildQuery } from '../../utils/url'
import { packProgress, reportHeadline, zipName } from './helper'
import './index.scss'

export default function PackPage() {
  const { params } = useRouter()
  const packId = params.packId ?? ''
  const [pack, setPack] = useState<PackView | null>(null)
  const [error, setError] = useState('')
  const [busy, setBusy] = useState('')
  const [report, setReport] = useState<ExportReport | null>(null)
  const poller = useRef<Poller | null>(null)

  const stop = useCallback(() => {
    poller.current?.stop()
    poller.current = null
  }, [])

  const watch = useCallback(() => {
    stop()
    poller.current = startPolling<PackView>({
      fetch: () => Api.getPack(packId),
      isDone: p => p.status === 'DONE',
      onUpdate: p => {
        setPack(p)
        setError('')
      },
      onError: err => setError(errorMessage(err)),
      intervalMs: PACK_POLL_MS,
    })
  }, [packId, stop])

  useDidShow(watch)
  useDidHide(stop)
  useUnload(stop)

  const run = async (label: string, fn: () => Promise<void>) => {
    if (busy) return
    setBusy(label)
    try {
      await fn()
    } catch (err) {
      showError(err)
    } finally {
      setBusy('')
    }
  }

  const retry = (s: PackStickerView) =>
    run('重试中…', async () => {
      setPack(await Api.retryPackSticker(packId, s.slot))
      watch()
    })

  const remove = () =>
    run('删除中…', async () => {
      if (!(await confirm('删除表情包', '删除后这套表情都会从「我的表情」里移除'))) return
      await Api.deletePack(packId)
      toastSuccess('已删除')
      await replace(ROUTES.packs)
    })

  if (!pack) {
    return (
      <View className="page pack-page" data-testid="pack-page">
        {error ? <PageState kind="error" title={error} onAction={watch} testId="pack-error" /> : <PageState kind="loading" />}
      </View>
    )
  }

  const done = pack.status === 'DONE'
  return (
    <View className="page pack-page" data-testid="pack-page" data-status={pack.status}>
      <View className="card pack-head">
        <Text className="pack-head__title">{pack.title}</Text>
        <Text className="pack-head__progress" data-testid="pack-progress">
          {packProgress(pack)}
        </Text>
        <Text className="muted pack-head__credits">整套 {pack.credits} 积分，失败的表情积分已退回</Text>
      </View>

      <View className="stickers-grid" data-testid="pack-stickers">
        {pack.stickers.map(s => (
          <View key={s.slot} className="stickers-grid__cell" data-testid="pack-sticker" data-slot={s.slot} data-status={s.status}>
            <Text className="pack-sticker__label">{s.label}</Text>
            <StickerCard sticker={s} onOpen={x => void go(`${ROUTES.result}${buildQuery({ jobId: x.jobId })}`)} onRetry={() => void retry(s)} />
          </View>
        ))}
      </View>

      {done ? (
        <View className="pack-actions">
          <Button
            className="btn btn-primary"
            disabled={!!busy || pack.succeeded === 0}
            onClick={() => void run('打包中…', () => Api.downloadPackZip(packId, zipName(pack.title)))}
            data-testid="pack-download"
          >
            {busy || '下载全部（zip）'}
          </Button>
          <Button
            className="btn btn-plain"
            disabled={!!busy}
            onClick={() => void run('检查中…', async () => setReport(await Api.packExportReport(packId)))}
            data-testid="pack-export-check"
          >
            导出到微信表情开放平台
          </Button>
          {report ? (
            <View className={`card pack-report${report.ok ? ' is-ok' : ' is-bad'}`} data-testid="pack-report" data-ok={String(report.ok)}>
              <Text className="pack-report__headline">{reportHeadline(report)}</Text>
              {report.problems.map(p => (
                <Text key={p} className="pack-report__problem">
                  {p}
                </Text>
              ))}
              {report.files.map(f => (
                <Text key={f.name} className={`pack-report__file${f.ok ? '' : ' is-bad'}`} data-testid="pack-report-file" data-ok={String(f.ok)}>
                  {f.ok ? '✓' : '✗'} {f.name} {f.width}×{f.height} {Math.ceil(f.bytes / 1024)}KB{f.frames > 1 ? ` ${f.frames}帧` : ''}
                  {f.reencoded ? '（已重新压缩）' : ''}
                  {f.problems.length ? `：${f.problems.join('；')}` : ''}
                </Text>
              ))}
              {report.notes.map(n => (
                <Text key={n} className="pack-report__note">
                  {n}
                </Text>
              ))}
              {report.ok ? (
                <Button
                  className="btn btn-primary"
                  disabled={!!busy}
                  onClick={() => void run('打包中…', () => Api.downloadPackExport(packId, zipName(pack.title, '-表情开放平台')))}
                  data-testid="pack-export-download"
                >
                  下载投稿包
                </Button>
              ) : null}
            </View>
          ) : null}
          <Text className="link pack-delete" onClick={() => void remove()} data-testid="pack-delete">
            删除这套表情包
          </Text>
        </View>
      ) : null}
    </View>
  )
}
