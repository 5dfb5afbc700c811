import { useCallback, useState } from 'react'
import { View, Text, Button } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import type { CreditSummary, LedgerEntryView, MeResult } from '@app/shared'
import PageState from '../../components/PageState'
import { ROUTES } from '../../constants'
import { Api } from '../../services/api'
import { clearToken, isLoggedIn } from '../../services/auth'
import { errorMessage } from '../../services/errors'
import { confirm, showError, toastSuccess } from '../../services/feedback'
import { go, goAuthed } from '../../services/nav'
import { formatCredits, formatRelativeTime, maskPhone } from '../../utils/format'
import { usePagedList } from '../../hooks/usePagedList'
import { emptyList } from '../../utils/paging'
import { ledgerLines, type LedgerLine } from './helper'
import './index.scss'

export default function MePage() {
  const [loggedIn, setLoggedIn] = useState(isLoggedIn())
  const [me, setMe] = useState<MeResult | null>(null)
  const [credits, setCredits] = useState<CreditSummary | null>(null)
  const [profileError, setProfileError] = useState('')
  const {
    list: ledger,
    setList: setLedger,
    loading: ledgerLoading,
    error: ledgerError,
    more,
    load: loadLedger,
  } = usePagedList(
    (page, size) => Api.transactions(page, size),
    (entry: LedgerEntryView) => entry.id,
  )

  const loadProfile = useCallback(async () => {
    setProfileError('')
    try {
      const [profile, summary] = await Promise.all([Api.me(), Api.credits()])
      setMe(profile)
      setCredits(summary)
    } catch (err) {
      setProfileError(errorMessage(err))
    }
  }, [])

  const refresh = useCallback(async () => {
    const logged = isLoggedIn()
    setLoggedIn(logged)
    if (!logged) {
      setMe(null)
      setCredits(null)
      setLedger(emptyList())
      return
    }
    await Promise.all([loadProfile(), loadLedger(1)])
  }, [loadProfile, loadLedger, setLedger])

  useDidShow(() => {
    void refresh()
  })
  usePullDownRefresh(() => {
    void refresh().finally(() => Taro.stopPullDownRefresh())
  })
  useReachBottom(() => {
    if (loggedIn && more && !ledgerLoading) void loadLedger(ledger.page + 1)
  })

  const logout = async () => {
    if (!(await confirm('退出登录', '确定要退出当前账号吗？', '退出'))) return
    clearToken()
    toastSuccess('已退出')
    setTimeout(() => void Taro.reLaunch({ url: ROUTES.home }), 300)
  }

  /** A folded sticker line opens its steps (冻结 → 消费 / 退回) with times. */
  const showSteps = (line: LedgerLine) => {
    if (line.steps.length < 2 && !line.jobId) return
    const content = line.steps
      .slice()
      .reverse()
      .map(s => `${s.label} ${s.amountText} · ${formatRelativeTime(s.createdAt)}`)
      .join('\n')
    void Taro.showModal({ title: line.description || line.label, content, showCancel: false, confirmText: '知道了' })
  }

  /** 注销账号: two confirmations, then the login page says what happened. */
  const deleteAccount = async () => {
    const first = await confirm('注销账号', '注销后不能恢复：你的照片、表情和手机号等个人信息将被删除，剩余积分作废。积分流水会匿名保留用于对账。', '继续注销')
    if (!first || !(await confirm('再次确认', '确定永久注销这个账号吗？', '确定注销'))) return
    try {
      await Api.deleteAccount()
      clearToken()
      void Taro.reLaunch({ url: `${ROUTES.login}?reason=account-deleted` })
    } catch (error) {
      showError(error)
    }
  }

  if (!loggedIn) {
    return (
      <View className="page" data-testid="me-page">
        <PageState kind="empty" title="登录后查看积分和账号" actionText="去登录" onAction={() => goAuthed(ROUTES.me)} testId="me-login" />
      </View>
    )
  }

  return (
    <View className="page me-page" data-testid="me-page">
      <View className="card me-profile">
        <View className="me-profile__avatar">
          <Text>😀</Text>
        </View>
        <View className="me-profile__text">
          <Text className="me-profile__phone" data-testid="me-phone">
            {me ? maskPhone(me.phone) : profileError ? '—' : '加载中…'}
          </Text>
          <Text className="me-profile__since muted">{me ? `注册于 ${formatRelativeTime(me.createdAt)}` : ''}</Text>
        </View>
      </View>

      {profileError && !credits ? (
        <PageState kind="error" compact title={profileError} onAction={() => void loadProfile()} testId="me-error" />
      ) : (
        <View className="card me-credits" data-testid="me-credits">
          <View className="me-credits__main">
            <Text className="me-credits__label">可用积分</Text>
            <Text className="me-credits__value" data-testid="me-balance">
              {formatCredits(credits?.available ?? me?.credits)}
            </Text>
          </View>
          <View className="me-credits__side">
            <Text className="me-credits__item">冻结中 {formatCredits(credits?.frozen ?? me?.frozenCredits)}</Text>
            <Text className="me-credits__item">累计获得 {formatCredits(credits?.totalEarned)}</Text>
            <Text className="me-credits__item">累计消费 {formatCredits(credits?.totalSpent)}</Text>
          </View>
        </View>
      )}
      {credits?.soonestExpiry ? (
        <Text className="me-expiry muted" data-testid="me-expiry">
          {credits.soonestExpiryAmount} 积分将于 {credits.soonestExpiry.slice(0, 10)} 过期
        </Text>
      ) : null}

      <View className="card me-menu">
        <View className="me-menu__item" onClick={() => void go(ROUTES.recharge)} data-testid="me-menu-recharge">
          <Text>充值积分</Text>
          <Text className="muted">›</Text>
        </View>
        <View className="me-menu__item" onClick={() => void go(ROUTES.stickers)} data-testid="me-menu-stickers">
          <Text>我的表情</Text>
          <Text className="muted">›</Text>
        </View>
        <View className="me-menu__item" onClick={() => void go(ROUTES.packs)} data-testid="me-menu-packs">
          <Text>我的表情包</Text>
          <Text className="muted">›</Text>
        </View>
        <View className="me-menu__item" onClick={() => void go(ROUTES.password)} data-testid="me-change-password">
          <Text>修改密码</Text>
          <Text className="muted">›</Text>
        </View>
      </View>

      <Text className="section-title">积分明细</Text>
      <View className="card me-ledger" data-testid="ledger">
        {ledgerLines(ledger.items).map(row => {
          return (
            <View key={row.key} className="ledger-row" data-testid="ledger-row" data-type={row.type} onClick={() => showSteps(row)}>
              <View className="ledger-row__main">
                <Text className="ledger-row__label" data-testid="ledger-type">
                  {row.label}
                </Text>
                {row.description ? <Text className="ledger-row__desc">{row.description}</Text> : null}
                <Text className="ledger-row__time">{formatRelativeTime(row.createdAt)}</Text>
              </View>
              <View className="ledger-row__side">
                <Text className={`ledger-row__amount is-${row.tone}`} data-testid="ledger-amount">
                  {row.amountText}
                </Text>
                <Text className="ledger-row__balance" data-testid="ledger-balance">
                  {row.balanceText}
                </Text>
              </View>
            </View>
          )
        })}
        {ledgerLoading && ledger.items.length === 0 ? <PageState kind="loading" compact testId="ledger-loading" /> : null}
        {!ledgerLoading && ledgerError && ledger.items.length === 0 ? (
          <PageState kind="error" compact title={ledgerError} onAction={() => void loadLedger(1)} testId="ledger-error" />
        ) : null}
        {!ledgerLoading && !ledgerError && ledger.page > 0 && ledger.items.length === 0 ? (
          <PageState kind="empty" compact title="还没有积分记录" testId="ledger-empty" />
        ) : null}
        {ledger.items.length > 0 ? (
          <Text className="list-foot muted">{ledgerLoading ? '加载中…' : ledgerError || (more ? '上拉加载更多' : '没有更多了')}</Text>
        ) : null}
      </View>

      <Button className="btn btn-plain me-logout" onClick={() => void logout()} data-testid="me-logout">
        退出登录
      </Button>
      <View className="me-legal">
        <Text className="link" onClick={() => void go(`${ROUTES.legal}?doc=terms`)}>
          用户协议
        </Text>
        <Text className="link" onClick={() => void go(`${ROUTES.legal}?doc=privacy`)}>
          隐私政策
        </Text>
        <Text className="link me-delete" onClick={() => void deleteAccount()} data-testid="me-delete-account">
          注销账号
        </Text>
      </View>
    </View>
  )
}
