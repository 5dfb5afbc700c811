import { useEffect, useRef, useState } from 'react'
import { View, Text, Textarea, Input, Image } from '@tarojs/components'
import { useLoad } from '@tarojs/taro'
import { DEFAULT_CAPTION_STYLE, type CaptionStyle, type ExpressionPreset, type PackQuote, type PackSubject } from '@app/shared'
import CaptionStylePicker from '../../components/CaptionStylePicker'
import FormField from '../../components/FormField'
import SubmitBar from '../../components/SubmitBar'
import SimulatedHint from '../../components/SimulatedHint'
import { ROUTES } from '../../constants'
import { useAvailableCredits } from '../../hooks/useAvailableCredits'
import { useMeta } from '../../hooks/useMeta'
import { Api } from '../../services/api'
import { errorMessage, isApiError } from '../../services/errors'
import { showError, toast } from '../../services/feedback'
import { pickImageWeapp, prepareImageH5, type PickedImage } from '../../services/image-picker'
import { replace } from '../../services/nav'
import { buildQuery } from '../../utils/url'
import {
  PACK_SIZES,
  SUBJECTS,
  addOwn,
  buildPackRequest,
  charCount,
  defaultPicks,
  isPackFormValid,
  packFormErrors,
  quoteLine,
  setCaption,
  togglePreset,
  type PickedExpression,
} from './helper'
import './index.scss'

const IS_H5 = process.env.TARO_ENV === 'h5'

export default function CreatePackPage() {
  const meta = useMeta()
  const { available } = useAvailableCredits()
  const [presets, setPresets] = useState<ExpressionPreset[]>([])
  const [subject, setSubject] = useState<PackSubject>('photo')
  const [size, setSize] = useState(8)
  const [picked, setPicked] = useState<PickedExpression[]>([])
  const [quote, setQuote] = useState<PackQuote | null>(null)
  const [image, setImage] = useState<PickedImage | null>(null)
  const [imageId, setImageId] = useState<string | null>(null)
  const [uploading, setUploading] = useState(false)
  const [role, setRole] = useState('')
  const [source, setSource] = useState('')
  const [description, setDescription] = useState('')
  const [own, setOwn] = useState('')
  const [captionStyle, setCaptionStyle] = useState<CaptionStyle>(DEFAULT_CAPTION_STYLE)
  const [submitted, setSubmitted] = useState(false)
  const [submitting, setSubmitting] = useState(false)
  const [formError, setFormError] = useState('')
  const fileInput = useRef<HTMLInputElement | null>(null)

  useLoad(() => {
    Api.packPresets()
      .then(p => {
        setPresets(p.presets)
        setPicked(defaultPicks(p.presets, 8))
      })
      .catch((err: unknown) => setFormError(errorMessage(err)))
  })

  useEffect(() => {
    let live = true
    Api.packQuote(subject, size)
      .then(q => live && setQuote(q))
      .catch((err: unknown) => live && setFormError(errorMessage(err)))
    return () => {
      live = false
    }
  }, [subject, size])

  const form = { subject, size, imageId, role, source, description, picked, captionStyle }
  const errors = packFormErrors(form, meta.captionMaxLength)

  const changeSize = (n: number) => {
    setSize(n)
    setPicked(p =>
      p.length > n
        ? p.slice(0, n)
        : p.length < n
          ? [
              ...p,
              ...defaultPicks(
                presets.filter(x => !p.some(q => q.label === x.label)),
                n - p.length,
              ),
            ]
          : p,
    )
  }

  const uploadImage = async (img: PickedImage) => {
    setImage(img)
    setImageId(null)
    setUploading(true)
    try {
      setImageId((await Api.uploadImage(img.path, img.fileName)).id)
    } catch (err) {
      toast(errorMessage(err))
    } finally {
      setUploading(false)
    }
  }

  const choose = async () => {
    if (IS_H5) {
      fileInput.current?.click()
      return
    }
    try {
      const img = await pickImageWeapp()
      if (img) await uploadImage(img)
    } catch (err) {
      toast(err instanceof Error && err.name === 'PickError' ? err.message : '选择图片失败，请重试')
    }
  }

  const onFileChange = async (event: { target: HTMLInputElement }) => {
    const file = event.target.files?.[0]
    event.target.value = ''
    if (!file) return
    try {
      await uploadImage(await prepareImageH5(file))
    } catch (err) {
      toast(err instanceof Error && err.name === 'PickError' ? err.message : '读取图片失败，请换一张')
    }
  }

  const onSubmit = async () => {
    setSubmitted(true)
    if (!isPackFormValid(errors)) {
      toast(errors.subject ?? errors.stickers ?? '请检查配字')
      return
    }
    setSubmitting(true)
    setFormError('')
    try {
      const pack = await Api.createPack(buildPackRequest(form))
      await replace(`${ROUTES.pack}${buildQuery({ packId: pack.packId })}`)
    } catch (err) {
      if (isApiError(err) && (err.handled || err.code === 'INSUFFICIENT_CREDITS')) showError(err)
      else setFormError(errorMessage(err))
    } finally {
      setSubmitting(false)
    }
  }

  return (
    <View className="page create-page create-pack-page" data-testid="create-pack-page">
      <SimulatedHint providers={meta.simulatedProviders} />
      <View className="card">
        <View className="pack-tabs">
          {SUBJECTS.map(s => (
            <Text
              key={s.subject}
              className={`pack-tab${subject === s.subject ? ' is-active' : ''}`}
              onClick={() => setSubject(s.subject)}
              data-testid={`pack-subject-${s.subject}`}
            >
              {s.title}
            </Text>
          ))}
        </View>
        <Text className="muted pack-tab-hint">{SUBJECTS.find(s => s.subject === subject)?.hint}</Text>
        {subject === 'photo' ? (
          <FormField label="照片" error={submitted ? errors.subject : null} testId="pack-image-field">
            <View className={`image-picker${image ? ' has-image' : ''}`} onClick={() => void choose()} data-testid="pack-image-picker">
              {image ? (
                <Image className="image-picker__preview" src={image.previewUrl} mode="aspectFit" />
              ) : (
                <View className="image-picker__empty">
                  <Text className="image-picker__plus">＋</Text>
                  <Text className="image-picker__text">点击选择照片</Text>
                </View>
              )}
            </View>
            {image ? (
              <Text className="muted" data-testid="pack-image-status" data-phase={imageId ? 'done' : uploading ? 'uploading' : 'error'}>
                {imageId ? '已上传' : uploading ? '上传中…' : '上传失败，点击重新选择'}
              </Text>
            ) : null}
            {IS_H5 ? (
              <input
                ref={fileInput}
                className="image-picker__file"
                type="file"
                accept="image/*"
                onChange={e => void onFileChange(e)}
                data-testid="pack-image-input"
              />
            ) : null}
          </FormField>
        ) : null}
        {subject === 'character' ? (
          <>
            <FormField label="角色名称" error={submitted ? errors.subject : null} testId="pack-role-field">
              <Input className="input" placeholder="例如：孙悟空" value={role} onInput={e => setRole(e.detail.value)} data-testid="pack-role" />
            </FormField>
            <FormField label="出处" optional testId="pack-source-field">
              <Input className="input" placeholder="例如：西游记" value={source} onInput={e => setSource(e.detail.value)} data-testid="pack-source" />
            </FormField>
          </>
        ) : null}
        {subject === 'description' ? (
          <FormField label="主角描述" error={submitted ? errors.subject : null} counter={`${charCount(description)}/300`} testId="pack-description-field">
            <Textarea
              className="textarea"
              placeholder="例如：一只戴红围巾的橘猫，圆脸大眼睛"
              value={description}
              maxlength={300}
              onInput={e => setDescription(e.detail.value)}
              data-testid="pack-description"
            />
          </FormField>
        ) : null}
      </View>

      <View className="card">
        <FormField label="数量" testId="pack-size-field">
          <View className="chips">
            {PACK_SIZES.map(n => (
              <Text key={n} className={`chip${size === n ? ' is-active' : ''}`} onClick={() => changeSize(n)} data-testid={`pack-size-${n}`}>
                {n} 个
              </Text>
            ))}
          </View>
        </FormField>
        <FormField label="表情" counter={`${picked.length}/${size}`} error={submitted ? errors.stickers : null} testId="pack-presets-field">
          <View className="chips">
            {presets.map(p => (
              <Text
                key={p.label}
                className={`chip${picked.some(x => x.label === p.label) ? ' is-active' : ''}`}
                onClick={() => setPicked(cur => togglePreset(cur, p, size))}
                data-testid="pack-preset"
              >
                {p.label}
              </Text>
            ))}
          </View>
          <View className="pack-own">
            <Input
              className="input pack-own__input"
              placeholder="自己写一个表情，例如：摸鱼"
              value={own}
              maxlength={10}
              onInput={e => setOwn(e.detail.value)}
              data-testid="pack-own"
            />
            <Text
              className="link pack-own__add"
              onClick={() => {
                setPicked(cur => addOwn(cur, own, size))
                setOwn('')
              }}
              data-testid="pack-own-add"
            >
              添加
            </Text>
          </View>
        </FormField>
      </View>

      <View className="card" data-testid="pack-captions">
        <Text className="section-title">配字（可修改，清空则不加字）</Text>
        {picked.map((p, i) => (
          <View key={p.label} className="pack-caption-row">
            <Text className="pack-caption-row__label">{p.label}</Text>
            <Input
              className={`input pack-caption-row__input${errors.captions[i] ? ' has-error' : ''}`}
              value={p.caption}
              onInput={e => setPicked(cur => setCaption(cur, i, e.detail.value))}
              data-testid={`pack-caption-${i}`}
            />
          </View>
        ))}
        <CaptionStylePicker value={captionStyle} onChange={setCaptionStyle} testId="pack-caption-style" />
      </View>

      <Text className="pack-quote" data-testid="pack-quote">
        {quoteLine(quote)}
      </Text>
      <SubmitBar
        error={formError}
        price={quote?.total ?? 0}
        available={available}
        busy={submitting ? '提交中…' : uploading ? '照片上传中…' : null}
        label="生成整套"
        onSubmit={() => void onSubmit()}
      />
    </View>
  )
}
