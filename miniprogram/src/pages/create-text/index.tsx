import { useState } from 'react'
import { View, Text, Textarea, Input } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { DEFAULT_CAPTION_STYLE, type CaptionStyle } from '@app/shared'
import CaptionStylePicker from '../../components/CaptionStylePicker'
import FormField from '../../components/FormField'
import SubmitBar from '../../components/SubmitBar'
import SimulatedHint from '../../components/SimulatedHint'
import { PROMPT_MAX_LENGTH } from '../../constants'
import { useAvailableCredits } from '../../hooks/useAvailableCredits'
import { useCreateSticker } from '../../hooks/useCreateSticker'
import { useMeta } from '../../hooks/useMeta'
import { useTemplatePrefill } from '../../hooks/useTemplatePrefill'
import { charCount, limitNote } from '../../utils/validate'
import { EXAMPLE_PROMPTS, buildTextRequest, isValid, textFormErrors } from './helper'
import './index.scss'

export default function CreateTextPage() {
  const router = useRouter()
  const meta = useMeta()
  const { available } = useAvailableCredits()
  const [prompt, setPrompt] = useState(() => {
    const initial = router.params.prompt
    if (!initial) return ''
    try {
      return decodeURIComponent(initial)
    } catch {
      return initial
    }
  })
  const [caption, setCaption] = useState('')
  const [captionStyle, setCaptionStyle] = useState<CaptionStyle>(DEFAULT_CAPTION_STYLE)
  const [submitted, setSubmitted] = useState(false)
  const { submitting, formError, submit } = useCreateSticker()
  useTemplatePrefill(t => {
    setPrompt(t.prompt)
    setCaption(t.caption ?? '')
    setCaptionStyle(t.captionStyle)
  })

  const errors = textFormErrors({ prompt, caption }, meta.captionMaxLength)
  const price = meta.prices.text

  const onSubmit = () => {
    setSubmitted(true)
    if (!isValid(errors)) return
    void submit(buildTextRequest({ prompt, caption, captionStyle }))
  }

  return (
    <View className="page create-page" data-testid="create-text-page">
      <SimulatedHint providers={meta.simulatedProviders} />
      <View className="card">
        <FormField
          label="画面描述"
          counter={`${charCount(prompt)}/${PROMPT_MAX_LENGTH}`}
          hint={limitNote(prompt, PROMPT_MAX_LENGTH)}
          error={submitted || charCount(prompt) > PROMPT_MAX_LENGTH ? errors.prompt : null}
          testId="text-prompt-field"
        >
          <Textarea
            className="textarea"
            placeholder="描述你想要的表情，例如：一只橘猫捂着脸偷笑"
            value={prompt}
            maxlength={PROMPT_MAX_LENGTH}
            onInput={e => setPrompt(e.detail.value)}
            data-testid="text-prompt"
          />
        </FormField>
        <Text className="create-examples__title">试试这些：</Text>
        <View className="chips" data-testid="text-examples">
          {EXAMPLE_PROMPTS.map(example => (
            <Text key={example} className={`chip${prompt === example ? ' is-active' : ''}`} data-testid="text-example" onClick={() => setPrompt(example)}>
              {example}
            </Text>
          ))}
        </View>
      </View>

      <View className="card">
        <FormField
          label="配字"
          optional
          counter={`${charCount(caption)}/${meta.captionMaxLength}`}
          error={errors.caption}
          hint="字号会自动适配宽度，例如「好的收到」"
          testId="text-caption-field"
        >
          <Input className="input" placeholder="不填就没有字" value={caption} onInput={e => setCaption(e.detail.value)} data-testid="text-caption" />
        </FormField>
        <CaptionStylePicker value={captionStyle} onChange={setCaptionStyle} testId="text-caption-style" />
      </View>

      <SubmitBar error={formError} price={price} available={available} busy={submitting ? '提交中…' : null} label="生成表情" onSubmit={onSubmit} />
    </View>
  )
}
