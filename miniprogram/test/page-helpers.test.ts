import type { LedgerEntryView } from '@app/shared'
import { buildTextRequest, EXAMPLE_PROMPTS, textFormErrors } from '../src/pages/create-text/helper'
import { buildImageRequest, imageFormErrors, photoError, uploadLabel } from '../src/pages/create-image/helper'
import { buildWebRequest, webFormErrors } from '../src/pages/create-web/helper'
import { isTerminal, phaseText, progressPercent, retryText, stageIndex, STAGES, tipAt, WAITING_TIPS } from '../src/pages/generating/helper'
import { ENTRY_POINTS, entryPrice, greeting } from '../src/pages/home/helper'
import { countdownLabel, digitsOnly, hasErrors, passwordErrors, smsErrors, visibleError } from '../src/pages/login/helper'
import { ledgerLines, ledgerRow } from '../src/pages/me/helper'
import { passwordChangeErrors, proofChoices, proofError } from '../src/pages/password/helper'
import { downloadName, failureReason, gifDisplaySize, resultView, saveFailureKind } from '../src/pages/result/helper'
import { cardTarget, countInProgress, prependSticker } from '../src/pages/stickers/helper'
import { FALLBACK_META } from '../src/services/meta'
import { isValid, limitNote } from '../src/utils/validate'

describe('login', () => {
  it('countdown label', () => {
    expect(countdownLabel(0)).toBe('获取验证码')
    expect(countdownLabel(59)).toBe('59 秒后重发')
  })
  it('form errors follow seed 001 rules', () => {
    expect(passwordErrors('13800000000', '12345678')).toEqual({ phone: null, secret: null })
    expect(passwordErrors('1380000000', '1234567')).toEqual({ phone: '请输入正确的 11 位手机号', secret: '密码至少 8 位' })
    expect(hasErrors(smsErrors('13800000000', '123456'))).toBe(false)
    expect(hasErrors(smsErrors('13800000000', '12'))).toBe(true)
  })
  it('shows a rule violation once blurred, full length, or submitted', () => {
    const error = '请输入正确的 11 位手机号'
    expect(visibleError(error, { value: '138', blurred: false, submitted: false, fullLength: 11 })).toBeNull()
    expect(visibleError(error, { value: '138', blurred: true, submitted: false, fullLength: 11 })).toBe(error)
    expect(visibleError(error, { value: '12800000000', blurred: false, submitted: false, fullLength: 11 })).toBe(error)
    expect(visibleError(error, { value: '', blurred: false, submitted: true })).toBe(error)
    expect(visibleError(null, { value: '', blurred: true, submitted: true })).toBeNull()
  })
  it('digitsOnly', () => {
    expect(digitsOnly('138 0000-00001234', 11)).toBe('13800000000')
  })
})

describe('create forms', () => {
  it('text: prompt required, caption ≤ 16, request trimmed', () => {
    expect(isValid(textFormErrors({ prompt: '', caption: '' }))).toBe(false)
    expect(textFormErrors({ prompt: '猫', caption: '一二三四五六七八九十一二三四五六七' }).caption).toBe('配字最多 16 个字')
    expect(buildTextRequest({ prompt: ' 猫 ', caption: ' ' })).toEqual({ kind: 'text', prompt: '猫' })
    expect(buildTextRequest({ prompt: '猫', caption: '好的' })).toEqual({ kind: 'text', prompt: '猫', caption: '好的' })
    const style = { position: 'top', color: 'yellow' } as const
    expect(buildTextRequest({ prompt: '猫', caption: ' 好的 ', captionStyle: style })).toEqual({
      kind: 'text',
      prompt: '猫',
      caption: '好的',
      captionStyle: style,
    })
    // no caption, no style: nothing to draw
    expect(buildTextRequest({ prompt: '猫', caption: '', captionStyle: style })).toEqual({ kind: 'text', prompt: '猫' })
    expect(buildImageRequest('img_1', { prompt: '挥手', caption: '拜拜', captionStyle: style })).toEqual({
      kind: 'image',
      imageId: 'img_1',
      prompt: '挥手',
      caption: '拜拜',
      captionStyle: style,
    })
    expect(buildWebRequest({ role: '孙悟空', source: '', action: '跳舞', caption: '哈' }, style)).toMatchObject({ caption: '哈', captionStyle: style })
    expect(EXAMPLE_PROMPTS.length).toBeGreaterThan(3)
  })
  it('image: needs an uploaded image', () => {
    expect(imageFormErrors({ upload: { phase: 'idle' }, prompt: '挥手', caption: '' }).image).toBe('请先选择一张照片')
    expect(imageFormErrors({ upload: { phase: 'uploading', percent: 10 }, prompt: '挥手', caption: '' }).image).toBe('照片还在上传，请稍候')
    expect(imageFormErrors({ upload: { phase: 'error', message: '图片太大了' }, prompt: '挥手', caption: '' }).image).toBe('图片太大了')
    expect(isValid(imageFormErrors({ upload: { phase: 'done', imageId: 'img' }, prompt: '挥手', caption: '' }))).toBe(true)
    expect(buildImageRequest('img_1', { prompt: '挥手', caption: '' })).toEqual({ kind: 'image', imageId: 'img_1', prompt: '挥手' })
    expect(uploadLabel({ phase: 'uploading', percent: 42 })).toBe('上传中 42%')
    expect(uploadLabel({ phase: 'done', imageId: 'x' })).toBe('已上传')
  })
  it('web search: role and action required, source optional', () => {
    const errors = webFormErrors({ role: '', source: '', action: '', caption: '' })
    expect(errors.role).toBe('请填写角色')
    expect(errors.action).toBe('请填写动作')
    expect(errors.source).toBeNull()
    expect(buildWebRequest({ role: '孙悟空', source: '', action: '跳舞', caption: '' })).toEqual({
      kind: 'web_search',
      role: '孙悟空',
      action: '跳舞',
    })
    expect(buildWebRequest({ role: '孙悟空', source: '西游记', action: '跳舞', caption: '哈' })).toEqual({
      kind: 'web_search',
      role: '孙悟空',
      source: '西游记',
      action: '跳舞',
      caption: '哈',
    })
  })
})

describe('home', () => {
  it('has the three entry points with prices', () => {
    expect(ENTRY_POINTS.map(e => e.title)).toEqual(['文字生成', '图片生成', '联网角色生成'])
    expect(entryPrice(FALLBACK_META, 'text')).toBe('20 积分/个')
    expect(greeting(new Date(2025, 0, 1, 9))).toBe('早上好')
  })
})

describe('generating', () => {
  it('terminal statuses', () => {
    expect(isTerminal('SUCCEEDED')).toBe(true)
    expect(isTerminal('FAILED')).toBe(true)
    expect(isTerminal('UNKNOWN')).toBe(true)
    expect(isTerminal('RUNNING')).toBe(false)
    expect(isTerminal('PENDING')).toBe(false)
  })
  it('progress uses the reported figure, else an estimate below 100', () => {
    expect(progressPercent('RUNNING', 40, 0)).toBe(40)
    expect(progressPercent('RUNNING', 100, 0)).toBe(99)
    expect(progressPercent('SUCCEEDED', 10, 0)).toBe(100)
    const early = progressPercent('RUNNING', undefined, 5000)
    const late = progressPercent('RUNNING', undefined, 600000)
    expect(early).toBeGreaterThan(0)
    expect(late).toBeGreaterThan(early)
    expect(late).toBeLessThanOrEqual(95)
  })
  it('texts', () => {
    expect(phaseText('PENDING', 1)).toBe('排队中，马上轮到你')
    expect(phaseText('RUNNING', 95)).toBe('正在制作动图…')
    expect(retryText(20000)).toBe('网络不稳定，20 秒后自动重试')
    expect(WAITING_TIPS).toContain(tipAt(0))
  })
})

describe('result', () => {
  it('views', () => {
    expect(resultView({ status: 'SUCCEEDED' })).toBe('success')
    expect(resultView({ status: 'FAILED' })).toBe('failed')
    expect(resultView({ status: 'CANCELED' })).toBe('canceled')
    expect(resultView({ status: 'CONVERTING' })).toBe('progress')
  })
  it('failure reasons are plain Chinese', () => {
    expect(failureReason('提示词包含敏感内容')).toBe('提示词包含敏感内容')
    // the refund line is separate on the page: the server's own "积分已退回" is not repeated in the reason
    expect(failureReason('视频生成失败，积分已退回，请换个描述再试')).toBe('视频生成失败，请换个描述再试')
    expect(failureReason('内容未通过安全审核，请修改描述后再试（积分已退回）')).toBe('内容未通过安全审核，请修改描述后再试')
    expect(failureReason('DataInspectionFailed: Input data may contain inappropriate content.')).toBe('内容未通过安全审核，换个描述试试')
    expect(failureReason('Task timed out after 600s')).toBe('生成超时了，服务繁忙时会出现，请稍后重试')
    expect(failureReason('Throttling.RateQuota')).toBe('生成服务太忙了，请稍后重试')
    expect(failureReason(null)).toBe('生成没有成功，可能是服务繁忙，请稍后重试')
    expect(failureReason('Error: ECONNRESET at Socket.x (net.js:1:1)')).toBe('生成没有成功，可能是服务繁忙，请稍后重试')
  })
  it('save failures', () => {
    expect(saveFailureKind('saveImageToPhotosAlbum:fail auth deny')).toBe('auth-denied')
    expect(saveFailureKind('saveImageToPhotosAlbum:fail authorize no response')).toBe('auth-denied')
    expect(saveFailureKind('saveImageToPhotosAlbum:fail cancel')).toBe('cancel')
    expect(saveFailureKind('downloadFile:fail')).toBe('other')
  })
  it('download name', () => {
    expect(downloadName({ jobId: 'job_abcdef123456', caption: '好的 收到' })).toBe('好的收到-123456.gif')
    expect(downloadName({ jobId: 'job_abcdef123456', caption: null })).toBe('表情-123456.gif')
  })
})

describe('stickers', () => {
  it('tapping goes to progress or result', () => {
    expect(cardTarget({ jobId: 'j1', status: 'RUNNING' })).toBe('/pages/generating/index?jobId=j1')
    expect(cardTarget({ jobId: 'j1', status: 'QUEUED' })).toBe('/pages/generating/index?jobId=j1')
    expect(cardTarget({ jobId: 'j1', status: 'SUCCEEDED' })).toBe('/pages/result/index?jobId=j1')
    expect(cardTarget({ jobId: 'j1', status: 'FAILED' })).toBe('/pages/result/index?jobId=j1')
    expect(countInProgress([{ status: 'RUNNING' }, { status: 'SUCCEEDED' }, { status: 'CONVERTING' }])).toBe(2)
  })
  it('prependSticker puts a sticker first once', () => {
    const a = { jobId: 'a' } as never
    const b = { jobId: 'b' } as never
    expect(prependSticker([a, b], b).map((s: { jobId: string }) => s.jobId)).toEqual(['b', 'a'])
  })
})

describe('me', () => {
  const entry = (over: Partial<LedgerEntryView>): LedgerEntryView =>
    ({
      id: 1,
      type: 'bonus',
      amount: 100,
      balanceBefore: 0,
      balanceAfter: 100,
      availableBefore: 0,
      availableAfter: 100,
      referenceType: null,
      referenceId: null,
      description: '注册赠送',
      createdAt: '2025-01-01T00:00:00Z',
      expiresAt: null,
      ...over,
    }) as LedgerEntryView
  it('bonus row', () => {
    const row = ledgerRow(entry({}))
    expect(row.label).toBe('赠送')
    expect(row.amountText).toBe('+100')
    expect(row.tone).toBe('plus')
    expect(row.balanceText).toBe('余额 100')
  })
  it('freeze row shows the available change and the frozen part', () => {
    const row = ledgerRow(entry({ type: 'freeze', amount: 0, balanceBefore: 100, balanceAfter: 100, availableBefore: 100, availableAfter: 80 }))
    expect(row.label).toBe('冻结')
    expect(row.amountText).toBe('-20')
    expect(row.balanceText).toBe('余额 100（可用 80）')
  })
  it('settle row', () => {
    const row = ledgerRow(entry({ type: 'settle', amount: -20, balanceBefore: 100, balanceAfter: 80, availableBefore: 80, availableAfter: 80 }))
    expect(row.label).toBe('消费')
    expect(row.amountText).toBe('-20')
    expect(row.tone).toBe('minus')
    expect(row.balanceText).toBe('余额 80')
  })
})

describe('password change', () => {
  it('checks length and confirmation', () => {
    expect(passwordChangeErrors('1234567', '1234567').password).toBe('密码至少 8 位')
    expect(passwordChangeErrors('12345678', '').confirmation).toBe('请再输入一次新密码')
    expect(passwordChangeErrors('12345678', '12345679').confirmation).toBe('两次输入的密码不一致')
    expect(isValid(passwordChangeErrors('12345678', '12345678'))).toBe(true)
  })
  it('asks for proof: the current password, or a 6-digit SMS code (the only way for accounts without a password)', () => {
    expect(proofError('password', '')).toBe('请输入当前密码')
    expect(proofError('password', 'old-secret')).toBeNull()
    expect(proofError('sms', '12')).not.toBeNull()
    expect(proofError('sms', '123456')).toBeNull()
    expect(proofChoices(true)).toEqual(['password', 'sms'])
    expect(proofChoices(undefined)).toEqual(['password', 'sms'])
    expect(proofChoices(false)).toEqual(['sms'])
  })
})

describe('credit history lines', () => {
  const e = (over: Partial<LedgerEntryView>): LedgerEntryView => ({
    id: 1,
    type: 'bonus',
    amount: 100,
    balanceBefore: 0,
    balanceAfter: 100,
    availableBefore: 0,
    availableAfter: 100,
    referenceType: 'signup',
    referenceId: null,
    description: '注册赠送',
    createdAt: '2026-11-30T10:00:00.000Z',
    expiresAt: null,
    ...over,
  })
  const freeze = (id: number, job: string) =>
    e({
      id,
      type: 'freeze',
      amount: 0,
      balanceBefore: 100,
      balanceAfter: 100,
      availableBefore: 100,
      availableAfter: 80,
      referenceType: 'task',
      referenceId: job,
      description: '文字表情：猫',
    })

  it('folds a sticker into one line: -20 when done, 已退回 when failed, 冻结中 while running', () => {
    const lines = ledgerLines([
      freeze(6, 'job_c'),
      e({
        id: 5,
        type: 'release',
        amount: 0,
        balanceBefore: 100,
        balanceAfter: 100,
        availableBefore: 80,
        availableAfter: 100,
        referenceType: 'task',
        referenceId: 'job_b',
        description: '失败退回',
      }),
      freeze(4, 'job_b'),
      e({
        id: 3,
        type: 'settle',
        amount: -20,
        balanceBefore: 100,
        balanceAfter: 80,
        availableBefore: 80,
        availableAfter: 80,
        referenceType: 'task',
        referenceId: 'job_a',
        description: '完成',
      }),
      freeze(2, 'job_a'),
      e({ id: 1 }),
    ])
    expect(lines.map(l => [l.jobId, l.amountText, l.steps.length])).toEqual([
      ['job_c', '冻结中 20', 1],
      ['job_b', '已退回', 2],
      ['job_a', '-20', 2],
      [null, '+100', 1],
    ])
    expect(lines[2]!.description).toBe('文字表情：猫')
    expect(lines.every(l => !l.balanceText.includes('可用'))).toBe(true)
  })
})

describe('inline messages on the create pages', () => {
  it('keeps the server reason for a refused upload next to the photo', () => {
    const refused = { phase: 'error' as const, message: '图片太小，每边至少 360 像素' }
    expect(photoError(refused, null, null)).toBe('图片太小，每边至少 360 像素')
    expect(photoError({ phase: 'idle' }, '这不是图片文件', '请先选择一张照片')).toBe('这不是图片文件')
    expect(photoError({ phase: 'done', imageId: 'up_1' }, null, null)).toBeNull()
    expect(photoError({ phase: 'idle' }, null, '请先选择一张照片')).toBe('请先选择一张照片')
  })
  it('says when a long prompt was cut at the limit', () => {
    expect(limitNote('猫'.repeat(200), 200)).toBe('已达 200 字上限，超出的部分没有填入')
    expect(limitNote('猫'.repeat(199), 200)).toBeUndefined()
  })
})

describe('generating stages', () => {
  it('names the stage from the status and the reported progress', () => {
    const at = (status: string, progress?: number) => STAGES[stageIndex(status, progress)]
    expect(at('PENDING', 2)).toBe('排队中')
    expect(at('RUNNING', 40)).toBe('生成中')
    expect(at('RUNNING', 85)).toBe('转成表情')
    expect(at('SUCCEEDED', 100)).toBe('完成')
  })
  it('no longer promises "1～3 分钟"', () => {
    expect(WAITING_TIPS.join('')).not.toContain('分钟')
  })
})

describe('gifDisplaySize', () => {
  it('shows a small GIF at a whole multiple of its size, never a soft fraction', () => {
    expect(gifDisplaySize({ width: 200, height: 200 }, 280)).toEqual({ width: 200, height: 200 })
    expect(gifDisplaySize({ width: 120, height: 120 }, 280)).toEqual({ width: 240, height: 240 })
    expect(gifDisplaySize({ width: 240, height: 180 }, 500)).toEqual({ width: 480, height: 360 })
  })
  it('shrinks a GIF larger than the box to fit, keeping its shape', () => {
    expect(gifDisplaySize({ width: 480, height: 240 }, 240)).toEqual({ width: 240, height: 120 })
  })
  it('fills the box while the size is not known yet', () => {
    expect(gifDisplaySize({ width: 0, height: 0 }, 280)).toEqual({ width: 280, height: 280 })
  })
})
