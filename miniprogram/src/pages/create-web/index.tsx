import { useState } from 'react'
import { View, Text, Input } from '@tarojs/components'
import { DEFAULT_CAPTION_STYLE, type CaptionStyle } from '@app/shared'
import CaptionStylePicker from '../../components/CaptionStylePicker'
import FormField from '../../components/FormField'
import Notice from '../../components/Notice'
import SubmitBar from '../../components/SubmitBar'
import SimulatedHint from '../../components/SimulatedHint'
import { ACTION_MAX_LENGTH, ROLE_MAX_LENGTH, ROUTES, SOURCE_MAX_LENGTH, WEB_SEARCH_NOTICE } from '../../constants'
import { useAvailableCredits } from '../../hooks/useAvailableCredits'
import { useCreateSticker } from '../../hooks/useCreateSticker'
import { useMeta } from '../../hooks/useMeta'
import { useTemplatePrefill } from '../../hooks/useTemplatePrefill'
import { replace } from '../../services/nav'
import { charCount, isValid } from '../../utils/validate'
import { EXAMPLE_ACTIONS, EXAMPLE_ROLES, buildWebRequest, webFormErrors, type WebForm } from './helper'
import './index.scss'

export default function CreateWebPage() {
  const meta = useMeta()
  const { available } = useAvailableCredits()
  const [form, setForm] = useState<WebForm>({ role: '', source: '', action: '', caption: '' })
  const [captionStyle, setCaptionStyle] = useState<CaptionStyle>(DEFAULT_CAPTION_STYLE)
  const [submitted, setSubmitted] = useState(false)
  const { submitting, formError, submit } = useCreateSticker()
  useTemplatePrefill(t => {
    setForm({ role: t.role ?? '', source: t.source ?? '', action: t.prompt, caption: t.caption ?? '' })
    setCaptionStyle(t.captionStyle)
  })

  const errors = webFormErrors(form, meta.captionMaxLength)
  const price = meta.prices.web_search
  const set = (key: keyof WebForm) => (e: { detail: { value: string } }) => setForm(f => ({ ...f, [key]: e.detail.value }))

  const onSubmit = () => {
    setSubmitted(true)
    if (!isValid(errors)) return
    void submit(buildWebRequest(form, captionStyle))
  }

  return (
    <View className="page create-page" data-testid="create-web-page">
      <Notice text={WEB_SEARCH_NOTICE} testId="web-search-notice" />
      <View className="web-switch" onClick={() => void replace(ROUTES.createImage)} data-testid="web-go-image">
        <Text className="link">改用图片生成 ›</Text>
      </View>
      <SimulatedHint providers={meta.simulatedProviders} />

      <View className="card">
        <FormField label="角色" error={submitted ? errors.role : null} hint="例如：孙悟空、皮卡丘" testId="web-role-field">
          <Input className="input" placeholder="角色名称" maxlength={ROLE_MAX_LENGTH} value={form.role} onInput={set('role')} data-testid="web-role" />
        </FormField>
        <FormField label="出处" optional error={errors.source} hint="帮 AI 认准角色，例如：西游记" testId="web-source-field">
          <Input
            className="input"
            placeholder="作品 / 游戏 / 动画名"
            maxlength={SOURCE_MAX_LENGTH}
            value={form.source}
            onInput={set('source')}
            data-testid="web-source"
          />
        </FormField>
        <FormField label="动作" error={submitted ? errors.action : null} testId="web-action-field">
          <Input
            className="input"
            placeholder="角色在做什么，例如：正在跳舞"
            maxlength={ACTION_MAX_LENGTH}
            value={form.action}
            onInput={set('action')}
            data-testid="web-action"
          />
        </FormField>
        <View className="chips">
          {EXAMPLE_ACTIONS.map(action => (
            <Text
              key={action}
              className={`chip${form.action === action ? ' is-active' : ''}`}
              data-testid="web-example-action"
              onClick={() => setForm(f => ({ ...f, action }))}
            >
              {action}
            </Text>
          ))}
        </View>
        <Text className="web-examples__title">示例角色：</Text>
        <View className="chips">
          {EXAMPLE_ROLES.map(example => (
            <Text key={example.role} className="chip" data-testid="web-example-role" onClick={() => setForm(f => ({ ...f, ...example }))}>
              {example.role}·{example.action}
            </Text>
          ))}
        </View>
      </View>

      <View className="card">
        <FormField label="配字" optional counter={`${charCount(form.caption)}/${meta.captionMaxLength}`} error={errors.caption} testId="web-caption-field">
          <Input className="input" placeholder="不填就没有字" value={form.caption} onInput={set('caption')} data-testid="web-caption" />
          <CaptionStylePicker value={captionStyle} onChange={setCaptionStyle} testId="web-caption-style" />
        </FormField>
      </View>

      <SubmitBar error={formError} price={price} available={available} busy={submitting ? '提交中…' : null} label="联网生成" onSubmit={onSubmit} />
    </View>
  )
}
