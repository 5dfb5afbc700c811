import type { ExpressionPreset } from '@app/shared'
import {
  addOwn,
  buildPackRequest,
  defaultPicks,
  isPackFormValid,
  packFormErrors,
  quoteLine,
  setCaption,
  togglePreset,
  type PackForm,
} from '../src/pages/create-pack/helper'
import { packProgress, reportHeadline, zipName } from '../src/pages/pack/helper'

const PRESETS: ExpressionPreset[] = [
  { label: '开心', action: '笑', caption: '开心' },
  { label: '收到', action: '敬礼', caption: '收到' },
  { label: '晚安', action: '睡', caption: '晚安' },
]

describe('create-pack helper', () => {
  it('picks presets up to the size, with their captions, and toggles them off', () => {
    let picked = togglePreset([], PRESETS[0]!, 2)
    picked = togglePreset(picked, PRESETS[1]!, 2)
    expect(togglePreset(picked, PRESETS[2]!, 2)).toBe(picked) // full
    expect(picked).toEqual([
      { label: '开心', caption: '开心' },
      { label: '收到', caption: '收到' },
    ])
    expect(togglePreset(picked, PRESETS[0]!, 2)).toEqual([{ label: '收到', caption: '收到' }])
    expect(defaultPicks(PRESETS, 2)).toEqual(picked)
  })

  it('adds the user’s own expression once, as label, caption and action', () => {
    const picked = addOwn([], ' 摸鱼 ', 4)
    expect(picked).toEqual([{ label: '摸鱼', caption: '摸鱼', action: '摸鱼' }])
    expect(addOwn(picked, '摸鱼', 4)).toBe(picked)
    expect(addOwn(picked, '  ', 4)).toBe(picked)
  })

  it('validates the subject, the count and every caption, then builds the request', () => {
    const form: PackForm = { subject: 'photo', size: 4, imageId: null, role: '', source: '', description: '', picked: defaultPicks(PRESETS, 3) }
    const errors = packFormErrors(form, 4)
    expect(errors.subject).toBe('请先上传一张照片')
    expect(errors.stickers).toBe('还差 1 个表情')
    const ready = { ...form, imageId: 'img1', picked: setCaption(addOwn(form.picked, '摸鱼', 4), 0, '今天也很开心呀') }
    const e2 = packFormErrors(ready, 4)
    expect(e2.captions[0]).toBeTruthy()
    expect(isPackFormValid(e2)).toBe(false)
    const ok = { ...ready, picked: setCaption(ready.picked, 0, '') }
    expect(isPackFormValid(packFormErrors(ok, 4))).toBe(true)
    expect(buildPackRequest(ok)).toEqual({
      subject: 'photo',
      imageId: 'img1',
      stickers: [
        { label: '开心', caption: '' },
        { label: '收到', caption: '收到' },
        { label: '晚安', caption: '晚安' },
        { label: '摸鱼', caption: '摸鱼', action: '摸鱼' },
      ],
    })
    expect(buildPackRequest({ ...ok, subject: 'character', role: ' 孙悟空 ' })).toMatchObject({ subject: 'character', role: '孙悟空' })
  })

  it('says what the discount saves', () => {
    expect(quoteLine({ subtotal: 200, total: 180, discountPercent: 10 })).toBe('单买 200 积分，整套 90 折：180 积分')
    expect(quoteLine({ subtotal: 80, total: 80, discountPercent: 0 })).toBe('共 80 积分')
  })
})

describe('pack page helper', () => {
  it('shows progress and the outcome', () => {
    expect(packProgress({ status: 'ACTIVE', size: 8, succeeded: 3, failed: 1 })).toBe('生成中 4/8')
    expect(packProgress({ status: 'DONE', size: 8, succeeded: 7, failed: 1 })).toBe('已完成 7/8（1 个失败，可重试）')
    expect(zipName('橘猫 日常', '-x')).toBe('橘猫_日常-x.zip')
  })

  it('sums up the export report', () => {
    const file = { name: 'main/01.gif', role: 'main' as const, width: 240, height: 240, bytes: 1000, frames: 20, ok: true, problems: [], reencoded: true }
    expect(reportHeadline({ packId: 'p', ok: true, count: 8, problems: [], notes: [], files: [file] })).toBe(
      '1 个文件全部符合要求（1 个表情已按平台要求重新压缩）',
    )
    expect(reportHeadline({ packId: 'p', ok: false, count: 4, problems: ['数量不对'], notes: [], files: [{ ...file, ok: false }] })).toBe(
      '有 2 个问题，暂时不能导出',
    )
  })
})
