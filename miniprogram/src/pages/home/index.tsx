import { useCallback, useState } from 'react'
import { View, Text, Image, ScrollView } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useReachBottom, useShareAppMessage } from '@tarojs/taro'
import type { ShowcaseItem, TemplateView } from '@app/shared'
import PageState from '../../components/PageState'
import SimulatedHint from '../../components/SimulatedHint'
import { CREATE_ROUTE_BY_KIND, KIND_LABELS, ROUTES } from '../../constants'
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
  const [templates, setTemplates] = useState<TemplateView[]>([])
  const {
    list: showcase,
    loading,
    error,
    more,
    load: loadShowcase,
  } = usePagedList(
    (page, size) => Api.showcase(page, size),
    (item: ShowcaseItem) => item.jobId,
  )

  const loadCredits = useCallback(() => {
    const logged = isLoggedIn()
    setLoggedIn(logged)
    if (!logged) {
      setAvailable(null)
      return
    }
    Api.credits(true)
      .then(summary => setAvailable(summary.available))
      .catch((err: unknown) => {
        console.warn('credits unavailable', err)
        setLoggedIn(isLoggedIn())
        setAvailable(null)
      })
  }, [])

  const loadTemplates = useCallback(() => {
    Api.templates()
      .then(setTemplates)
      .catch((err: unknown) => console.warn('templates unavailable', err)) // the section just stays hidden
  }, [])

  // on every show, not only the first load: a sticker featured meanwhile appears without a full reload
  useDidShow(() => {
    loadCredits()
    void loadShowcase(1)
    loadTemplates()
  })
  usePullDownRefresh(() => {
    loadCredits()
    loadTemplates()
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

  const openTemplate = (t: TemplateView) => goAuthed(`${CREATE_ROUTE_BY_KIND[t.kind]}${buildQuery({ template: String(t.id) })}`)

  const makeSame = (item: ShowcaseItem) => {
    if (item.kind === 'text') goAuthed(`${ROUTES.createText}${buildQuery({ prompt: item.prompt })}`)
    else goAuthed(ROUTES.createImage)
  }

  return (
    <View className="page home-page" data-testid="home-page">
      <View className="home-head">
        <View className="home-head__text">
          <Text className="home-head__title">{greeting()}，来做个表情吧</Text>
          <Text className="home-head__sub">AI 帮你把想法变成会动的表情包</Text>
        </View>
        {loggedIn ? (
          <View className="home-balance" data-testid="home-balance" onClick={() => void go(ROUTES.recharge)}>
            <Text className="home-balance__label">积分</Text>
            <Text className="home-balance__value" data-testid="home-balance-value">
              {formatCredits(available)}
            </Text>
          </View>
        ) : (
          <View className="home-balance is-login" data-testid="home-login" onClick={() => void go(ROUTES.login)}>
            <Text className="home-balance__value">登录</Text>
          </View>
        )}
      </View>

      <SimulatedHint providers={meta.simulatedProviders} />

      <View className="home-entries">
        {ENTRY_POINTS.map(entry => (
          <View key={entry.kind} className={`home-entry home-entry--${entry.kind}`} data-testid={entry.testId} onClick={() => goAuthed(entry.route)}>
            <Text className="home-entry__icon">{entry.icon}</Text>
            <View className="home-entry__text">
              <Text className="home-entry__title">{entry.title}</Text>
              <Text className="home-entry__desc">{entry.description}</Text>
            </View>
            <Text className="home-entry__price">{entryPrice(meta, entry.kind)}</Text>
          </View>
        ))}
        <View className="home-entry home-entry--pack" data-testid="entry-pack" onClick={() => goAuthed(ROUTES.createPack)}>
          <Text className="home-entry__icon">🎁</Text>
          <View className="home-entry__text">
            <Text className="home-entry__title">做一套表情包</Text>
            <Text className="home-entry__desc">一个主角，4/8/16 个表情，整套更便宜</Text>
          </View>
          <Text className="home-entry__price">整套优惠</Text>
        </View>
      </View>

      {templates.length > 0 ? (
        <>
          <Text className="section-title">模板 · 一键做同款</Text>
          <ScrollView className="templates" scrollX data-testid="templates">
            {templates.map(t => (
              <View key={t.id} className="template-item" data-testid="template-item" data-template={t.id} onClick={() => openTemplate(t)}>
                {t.exampleGifUrl ? (
                  <Image className="template-item__img" src={mediaUrl(t.exampleThumbnailUrl || t.exampleGifUrl)} mode="aspectFill" lazyLoad />
                ) : (
                  <View className="template-item__img template-item__img--empty">
                    <Text>{t.caption || KIND_LABELS[t.kind]}</Text>
                  </View>
                )}
                <Text className="template-item__title">{t.title}</Text>
                <Text className="template-item__same link" data-testid="template-same">
                  做同款
                </Text>
              </View>
            ))}
          </ScrollView>
        </>
      ) : null}

      <Text className="section-title">大家都在做</Text>
      <View data-testid="showcase">
        {showcase.items.length > 0 ? (
          <View className="showcase-grid">
            {showcase.items.map(item => (
              <View key={item.jobId} className="showcase-item" data-testid="showcase-item">
                <View className="showcase-item__media" onClick={() => preview(item)}>
                  <Image className="showcase-item__img" src={mediaUrl(item.thumbnailUrl || item.gifUrl)} mode="aspectFill" lazyLoad />
                  <Image className="showcase-item__gif" src={mediaUrl(item.gifUrl)} mode="aspectFill" lazyLoad />
                </View>
                <View className="showcase-item__foot">
                  <Text className="showcase-item__prompt">{item.prompt || KIND_LABELS[item.kind]}</Text>
                  <Text className="showcase-item__same link" onClick={() => makeSame(item)}>
                    做同款
                  </Text>
                </View>
              </View>
            ))}
          </View>
        ) : null}

        {loading && showcase.items.length === 0 ? <PageState kind="loading" compact testId="showcase-loading" /> : null}
        {!loading && error && showcase.items.length === 0 ? (
          <PageState kind="error" compact title={error} onAction={() => void loadShowcase(1)} testId="showcase-error" />
        ) : null}
        {!loading && !error && showcase.page > 0 && showcase.items.length === 0 ? (
          <PageState
            kind="empty"
            compact
            title="还没有精选作品"
            description="做第一个表情，说不定就会出现在这里"
            actionText="马上做一个"
            onAction={() => goAuthed(ROUTES.createText)}
            testId="showcase-empty"
          />
        ) : null}
        {showcase.items.length > 0 ? (
          <Text className="list-foot muted">{loading ? '加载中…' : error ? error : more ? '上拉加载更多' : '没有更多了'}</Text>
        ) : null}
      </View>
    </View>
  )
}
