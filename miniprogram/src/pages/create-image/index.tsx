import { useRef, useState } from 'react'
import { View, Text, Textarea, Input, Image } from '@tarojs/components'
import { DEFAULT_CAPTION_STYLE, type CaptionStyle } from '@app/shared'
import CaptionStylePicker from '../../components/CaptionStylePicker'
import FormField from '../../components/FormField'
import PrivacyPopup from '../../components/PrivacyPopup'
import SubmitBar from '../../components/SubmitBar'
import SimulatedHint from '../../components/SimulatedHint'
import { PROMPT_MAX_LENGTH } from '../../constants'
import { useAvailableCredits } from '../../hooks/useAvailableCredits'
import { useCreateSticker } from '../../hooks/useCreateSticker'
import { useMeta } from '../../hooks/useMeta'
import { useTemplatePrefill } from '../../hooks/useTemplatePrefill'
import { Api } from '../../services/api'
import { errorMessage } from '../../services/errors'
import { pickImageWeapp, prepareImageH5, type PickedImage } from '../../services/image-picker'
import { formatBytes } from '../../utils/image'
import { charCount, isValid, limitNote } from '../../utils/validate'
import { MOTION_EXAMPLES, buildImageRequest, imageFormErrors, photoError, uploadLabel, type UploadState } from './helper'
import './index.scss'

const IS_H5 = process.env.TARO_ENV === 'h5'

export default function CreateImagePage() {
  const meta = useMeta()
  const { available } = useAvailableCredits()
  const [picked, setPicked] = useState<PickedImage | null>(null)
  const [upload, setUpload] = useState<UploadState>({ phase: 'idle' })
  /** why the last picked file could not be used (read on the device), shown next to the photo */
  const [pickError, setPickError] = useState<string | null>(null)
  const [prompt, setPrompt] = useState('')
  const [caption, setCaption] = useState('')
  const [captionStyle, setCaptionStyle] = useState<CaptionStyle>(DEFAULT_CAPTION_STYLE)
  const [submitted, setSubmitted] = useState(false)
  const [preparing, setPreparing] = useState(false)
  const fileInput = useRef<HTMLInputElement | null>(null)
  const uploadSeq = useRef(0)
  const { submitting, formError, submit } = useCreateSticker()
  // an image template fills everything but the photo, which is the user's own
  useTemplatePrefill(t => {
    setPrompt(t.prompt)
    setCaption(t.caption ?? '')
    setCaptionStyle(t.captionStyle)
  })

  const errors = imageFormErrors({ upload, prompt, caption }, meta.captionMaxLength)
  const price = meta.prices.image

  const startUpload = async (image: PickedImage) => {
    const seq = ++uploadSeq.current
    setUpload({ phase: 'uploading', percent: 0 })
    try {
      const result = await Api.uploadImage(image.path, image.fileName, percent => {
        if (seq === uploadSeq.current) setUpload({ phase: 'uploading', percent })
      })
      if (seq === uploadSeq.current) setUpload({ phase: 'done', imageId: result.id })
    } catch (error) {
      if (seq === uploadSeq.current) setUpload({ phase: 'error', message: errorMessage(error) })
    }
  }

  const accept = (image: PickedImage) => {
    setPickError(null)
    setPicked(image)
    void startUpload(image)
  }

  const choose = async () => {
    if (preparing) return
    if (IS_H5) {
      fileInput.current?.click()
      return
    }
    setPreparing(true)
    try {
      const image = await pickImageWeapp()
      if (image) accept(image)
    } catch (error) {
      setPickError(error instanceof Error && error.name === 'PickError' ? error.message : '选择图片失败，请重试')
    } finally {
      setPreparing(false)
    }
  }

  const onFileChange = async (event: { target: HTMLInputElement }) => {
    const file = event.target.files?.[0]
    event.target.value = '' // picking the same file again fires change again
    if (!file) return
    setPreparing(true)
    try {
      accept(await prepareImageH5(file))
    } catch (error) {
      setPickError(error instanceof Error && error.name === 'PickError' ? error.message : '读取图片失败，请换一张')
    } finally {
      setPreparing(false)
    }
  }

  const onSubmit = () => {
    setSubmitted(true)
    if (!isValid(errors) || upload.phase !== 'done') return // the reasons show next to the fields
    void submit(buildImageRequest(upload.imageId, { prompt, caption, captionStyle }))
  }

  return (
    <View className="page create-page" data-testid="create-image-page">
      <SimulatedHint providers={meta.simulatedProviders} />
      <View className="card">
        <FormField label="照片" error={photoError(upload, pickError, submitted ? errors.image : null)} hint="正脸、清晰、主体居中效果最好" testId="image-field">
          <View
            className={`image-picker${picked ? ' has-image' : ''}`}
            onClick={() => {
              if (upload.phase === 'error' && picked) void startUpload(picked)
              else void choose()
            }}
            data-testid="image-picker"
          >
            {picked ? (
              <Image className="image-picker__preview" src={picked.previewUrl} mode="aspectFit" data-testid="image-preview" />
            ) : (
              <View className="image-picker__empty">
                <Text className="image-picker__plus">＋</Text>
                <Text className="image-picker__text">{preparing ? '正在处理图片…' : '点击选择照片'}</Text>
              </View>
            )}
          </View>
          {picked ? (
            <View className="image-picker__meta">
              <Text className={`image-picker__status is-${upload.phase}`} data-testid="image-upload-status" data-phase={upload.phase}>
                {uploadLabel(upload)}
              </Text>
              <Text className="image-picker__size muted">
                {formatBytes(picked.bytes)}
                {picked.compressed ? '（已压缩）' : ''}
              </Text>
              <Text className="link image-picker__change" onClick={() => void choose()} data-testid="image-change">
                换一张
              </Text>
            </View>
          ) : null}
          {IS_H5 ? (
            <input
              ref={fileInput}
              className="image-picker__file"
              type="file"
              accept="image/*"
              onChange={e => void onFileChange(e)}
              data-testid="image-file-input"
            />
          ) : null}
        </FormField>
      </View>

      <View className="card">
        <FormField
          label="动作描述"
          counter={`${charCount(prompt)}/${PROMPT_MAX_LENGTH}`}
          hint={limitNote(prompt, PROMPT_MAX_LENGTH)}
          error={submitted ? errors.prompt : null}
          testId="image-prompt-field"
        >
          <Textarea
            className="textarea"
            placeholder="想让照片里的人/物怎么动？例如：眨眨眼微笑"
            value={prompt}
            maxlength={PROMPT_MAX_LENGTH}
            onInput={e => setPrompt(e.detail.value)}
            data-testid="image-prompt"
          />
        </FormField>
        <View className="chips">
          {MOTION_EXAMPLES.map(example => (
            <Text key={example} className={`chip${prompt === example ? ' is-active' : ''}`} data-testid="image-example" onClick={() => setPrompt(example)}>
              {example}
            </Text>
          ))}
        </View>
        <FormField label="配字" optional counter={`${charCount(caption)}/${meta.captionMaxLength}`} error={errors.caption} testId="image-caption-field">
          <Input className="input" placeholder="不填就没有字" value={caption} onInput={e => setCaption(e.detail.value)} data-testid="image-caption" />
          <CaptionStylePicker value={captionStyle} onChange={setCaptionStyle} testId="image-caption-style" />
        </FormField>
      </View>

      <SubmitBar
        error={formError}
        price={price}
        available={available}
        busy={submitting ? '提交中…' : upload.phase === 'uploading' ? '照片上传中…' : null}
        label="生成表情"
        onSubmit={onSubmit}
      />
      <PrivacyPopup />
    </View>
  )
}
