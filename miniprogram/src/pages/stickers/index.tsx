import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import type { StickerView } from '@app/shared'
import PageState from '../../components/PageState'
import StickerCard from '../../components/StickerCard'
import { ROUTES } from '../../constants'
import { Api } from '../../services/api'
import { isLoggedIn } from '../../services/auth'
import { confirm, confirmRetry, showError, toastSuccess } from '../../services/feedback'
import { go, goAuthed } from '../../services/nav'
import { usePagedList } from '../../hooks/usePagedList'
import { emptyList, removeItem } from '../../utils/paging'
import { buildQuery } from '../../utils/url'
import { cardTarget, countInProgress } from './helper'
import './index.scss'

const key = (item: StickerView) => item.jobId

export default function StickersPage() {
  const [loggedIn, setLoggedIn] = useState(isLoggedIn())
  const { list, setList, loading, error, more, load } = usePagedList((page, size) => Api.listStickers(page, size), key)

  useDidShow(() => {
    const logged = isLoggedIn()
    setLoggedIn(logged)
    if (logged) void load(1)
    else setList(emptyList())
  })

  usePullDownRefresh(() => {
    if (!isLoggedIn()) {
      Taro.stopPullDownRefresh()
      return
    }
    void load(1).finally(() => Taro.stopPullDownRefresh())
  })

  useReachBottom(() => {
    if (loggedIn && more && !loading) void load(list.page + 1)
  })

  const remove = async (sticker: StickerView) => {
    if (!(await confirm('删除表情', '删除后无法恢复，确定删除吗？', '删除'))) return
    try {
      await Api.deleteSticker(sticker.jobId)
      setList(state => removeItem(state, key, sticker.jobId))
      toastSuccess('已删除')
    } catch (err) {
      showError(err)
    }
  }

  const retry = async (sticker: StickerView) => {
    if (!(await confirmRetry(sticker.credits))) return
    try {
      const next = await Api.retrySticker(sticker.jobId)
      void go(`${ROUTES.generating}${buildQuery({ jobId: next.jobId })}`)
    } catch (err) {
      showError(err)
    }
  }

  if (!loggedIn) {
    return (
      <View className="page" data-testid="stickers-page">
        <PageState kind="empty" title="登录后查看你做过的表情" actionText="去登录" onAction={() => goAuthed(ROUTES.stickers)} testId="stickers-login" />
      </View>
    )
  }

  const running = countInProgress(list.items)

  return (
    <View className="page stickers-page" data-testid="stickers-page">
      {running > 0 ? (
        <Text className="stickers-running" data-testid="stickers-running">
          {running} 个表情正在生成，下拉可刷新
        </Text>
      ) : null}

      {list.items.length > 0 ? (
        <View className="stickers-grid" data-testid="stickers-grid">
          {list.items.map(sticker => (
            <View className="stickers-grid__cell" key={sticker.jobId}>
              <StickerCard
                sticker={sticker}
                onOpen={item => void go(cardTarget(item))}
                onDelete={item => void remove(item)}
                onRetry={item => void retry(item)}
              />
            </View>
          ))}
        </View>
      ) : null}

      {loading && list.items.length === 0 ? <PageState kind="loading" testId="stickers-loading" /> : null}
      {!loading && error && list.items.length === 0 ? <PageState kind="error" title={error} onAction={() => void load(1)} testId="stickers-error" /> : null}
      {!loading && !error && list.page > 0 && list.items.length === 0 ? (
        <PageState
          kind="empty"
          title="还没有表情"
          description="做一个属于你的动态表情吧"
          actionText="去做一个"
          onAction={() => void go(ROUTES.home)}
          testId="stickers-empty"
        />
      ) : null}
      {list.items.length > 0 ? (
        <Text className="list-foot muted" data-testid="stickers-foot">
          {loading ? '加载中…' : error ? `${error}，上拉重试` : more ? '上拉加载更多' : '没有更多了'}
        </Text>
      ) : null}
    </View>
  )
}
