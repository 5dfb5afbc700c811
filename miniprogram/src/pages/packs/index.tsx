import { View, Text, Image } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import type { PackSummary } from '@app/shared'
import PageState from '../../components/PageState'
import { ROUTES } from '../../constants'
import { usePagedList } from '../../hooks/usePagedList'
import { Api } from '../../services/api'
import { mediaUrl } from '../../services/media'
import { go } from '../../services/nav'
import { formatRelativeTime } from '../../utils/format'
import { buildQuery } from '../../utils/url'
import { packProgress } from '../pack/helper'
import './index.scss'

/** 我的表情包: newest first, each with its progress; tap opens the pack. */
export default function PacksPage() {
  const { list, loading, error, more, load } = usePagedList(
    (page, size) => Api.listPacks(page, size),
    (p: PackSummary) => p.packId,
  )

  useDidShow(() => void load(1))
  usePullDownRefresh(() => void load(1).finally(() => Taro.stopPullDownRefresh()))
  useReachBottom(() => {
    if (more && !loading) void load(list.page + 1)
  })

  return (
    <View className="page packs-page" data-testid="packs-page">
      <Text className="link packs-new" onClick={() => void go(ROUTES.createPack)} data-testid="packs-new">
        ＋ 做一套新的表情包
      </Text>
      {list.items.map(p => (
        <View
          key={p.packId}
          className="card packs-row"
          data-testid="packs-row"
          data-pack-id={p.packId}
          onClick={() => void go(`${ROUTES.pack}${buildQuery({ packId: p.packId })}`)}
        >
          {p.coverUrl ? <Image className="packs-row__cover" src={mediaUrl(p.coverUrl)} mode="aspectFill" /> : <View className="packs-row__cover is-empty" />}
          <View className="packs-row__body">
            <Text className="packs-row__title">{p.title}</Text>
            <Text className="packs-row__progress">{packProgress(p)}</Text>
            <Text className="muted packs-row__time">{formatRelativeTime(p.createdAt)}</Text>
          </View>
        </View>
      ))}
      {loading && list.items.length === 0 ? <PageState kind="loading" /> : null}
      {!loading && error && list.items.length === 0 ? <PageState kind="error" title={error} onAction={() => void load(1)} /> : null}
      {!loading && !error && list.page > 0 && list.items.length === 0 ? (
        <PageState
          kind="empty"
          title="还没有表情包"
          description="一张照片就能做一整套"
          actionText="去做一套"
          onAction={() => void go(ROUTES.createPack)}
          testId="packs-empty"
        />
      ) : null}
    </View>
  )
}
