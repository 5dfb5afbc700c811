import { useCallback, useState } from 'react'
import { View, Text, Image } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useReachBottom, useShareAppMessage } from '@tarojs/taro'
import type { ShowcaseItem } from '@app/shared'
import PageState from '../../components/PageState'
import SimulatedHint from '../../components/SimulatedHint'
import { KIND_LABELS, ROUTES } from '../../constants'
import { useMeta } from '../../hooks/useMeta'
import { Api } from '../../services/api'
import { isLoggedIn } from '../../services/auth'
import { mediaUrl } from '../../services/media'
import { go, goAuthed } from '../../services/nav'
import { formatCredits } from '../../utils/format'
import { usePagedList } from '../../hooks/usePagedList'
import { buildQuery } from '../../utils/url'
import { ENTRY_POINTS, entryPrice, greeting } from './helper'
import './index.scss'

export default function HomePage() {
  const meta = useMeta()
  const [loggedIn, setLoggedIn] = useState(isLoggedIn())
  const [available, setAvailable] = useState<number | null>(null)
  const { list: showcase, loading, error, more, load: loadShowcase } = usePagedList(
    (page, size) => Api.showcase(page, size),
    (item: ShowcaseItem) => item.jobId
  )

  const loadCredits = useCallback(() => {
    const logged = isLoggedIn()
    setLoggedIn(logged)
    if (!logged) {
      setAvailable(null)
      return
    }
    Api.credits(true)
      .then((summary) => setAvailable(summary.available))
      .catch((err: unknown) => {
        console.warn('credits unavailable', err)
        setLoggedIn(isLoggedIn())
        setAvailable(null)
      })
  }, [])

  // on every show, not only the first load: a sticker featured meanwhile appears without a full reload
  useDidShow(() => {
    loadCredits()
    void loadShowcase(1)
  })
  usePullDownRefresh(() => {
    loadCredits()
    void loadShowcase(1).finally(() => Taro.stopPullDownRefresh())
  })
  useReachBottom(() => {
    if (more && !error) void loadShowcase(showcase.page + 1)
  })
  useShareAppMessage(() => ({ title: '表情工坊：一句话做个会动的表情包', path: ROUTES.home }))

  const preview = (item: ShowcaseItem) => {
    const url = mediaUrl(item.gifUrl)
    void Taro.previewImage({ urls: [url], current: url })
  }

  const makeSame = (item: ShowcaseItem) => {
    if (item.kind === 'text') goAuthed(`${ROUTES.createText}${buildQuery({ prompt: item.prompt })}`)
    else goAuthed(ROUTES.createImage)
  }

  return (
    <View className='page home-page' data-testid='home-page'>
      <View className='home-head'>
        <View className='home-head__text'>
          <Text className='home-head__title'>{greeting()}，来做个表情吧</Text>
          <Text className='home-head__sub'>AI 帮你把想法变成会动的表情包</Text>
        </View>
        {loggedIn ? (
          <View className='home-balance' data-testid='home-balance' onClick={() => void go(ROUTES.me)}>
            <Text className='home-balance__label'>积分</Text>
            <Text className='home-balance__value' data-testid='home-balance-value'>
              {formatCredits(available)}
            </Text>
          </View>
        ) : (
          <View className='home-balance is-login' data-testid='home-login' onClick={() => void go(ROUTES.login)}>
            <Text className='home-balance__value'>登录</Text>
          </View>
        )}
      </View>

      <SimulatedHint providers={meta.simulatedProviders} />

      <View className='home-entries'>
        {ENTRY_POINTS.map((entry) => (
          <View
            key={entry.kind}
            className={`home-entry home-entry--${entry.kind}`}
            data-testid={entry.testId}
            onClick={() => goAuthed(entry.route)}
          >
            <Text className='home-entry__icon'>{entry.icon}</Text>
            <View className='home-entry__text'>
              <Text className='home-entry__title'>{entry.title}</Text>
              <Text className='home-entry__desc'>{entry.description}</Text>
            </View>
            <Text className='home-entry__price'>{entryPrice(meta, entry.kind)}</Text>
          </View>
        ))}
      </View>

      <Text className='section-title'>大家都在做</Text>
      <View data-testid='showcase'>
        {showcase.items.length > 0 ? (
          <View className='showcase-grid'>
            {showcase.items.map((item) => (
              <View key={item.jobId} className='showcase-item' data-testid='showcase-item'>
                <View className='showcase-item__media' onClick={() => preview(item)}>
                  <Image className='showcase-item__img' src={mediaUrl(item.thumbnailUrl || item.gifUrl)} mode='aspectFill' lazyLoad />
                  <Image className='showcase-item__gif' src={mediaUrl(item.gifUrl)} mode='aspectFill' lazyLoad />
                </View>
                <View className='showcase-item__foot'>
                  <Text className='showcase-item__prompt'>{item.prompt || KIND_LABELS[item.kind]}</Text>
                  <Text className='showcase-item__same link' onClick={() => makeSame(item)}>
                    做同款
                  </Text>
                </View>
              </View>
            ))}
          </View>
        ) : null}

        {loading && showcase.items.length === 0 ? <PageState kind='loading' compact testId='showcase-loading' /> : null}
        {!loading && error && showcase.items.length === 0 ? (
          <PageState kind='error' compact title={error} onAction={() => void loadShowcase(1)} testId='showcase-error' />
        ) : null}
        {!loading && !error && showcase.page > 0 && showcase.items.length === 0 ? (
          <PageState
            kind='empty'
            compact
            title='还没有精选作品'
            description='做第一个表情，说不定就会出现在这里'
            actionText='马上做一个'
            onAction={() => goAuthed(ROUTES.createText)}
            testId='showcase-empty'
          />
        ) : null}
        {showcase.items.length > 0 ? (
          <Text className='list-foot muted'>
            {loading ? '加载中…' : error ? error : more ? '上拉加载更多' : '没有更多了'}
          </Text>
        ) : null}
      </View>
    </View>
  )
}
