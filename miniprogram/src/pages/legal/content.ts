/**
 * 《用户协议》 and 《隐私政策》 as the app shows them (pages/legal). Plain data: one title and sections of
 * paragraphs, so the page stays a renderer. Keep in step with what the backend really does (docs/privacy.md).
 */
export type LegalDoc = 'terms' | 'privacy'

export interface LegalText {
  title: string
  updated: string
  sections: Array<{ heading: string; paragraphs: string[] }>
}

export const LEGAL: Record<LegalDoc, LegalText> = {
  terms: {
    title: '用户协议',
    updated: '2026 年 11 月 30 日',
    sections: [
      {
        heading: '一、服务内容',
        paragraphs: [
          '表情工坊根据你输入的文字、上传的照片或指定的角色，调用第三方 AI 视频服务生成短视频，并转成动图表情。',
          '生成结果由 AI 产生，可能与描述不完全一致。',
        ],
      },
      {
        heading: '二、积分',
        paragraphs: ['每生成一个表情消耗一定积分，价格在提交前显示。生成失败或取消时，冻结的积分全部退回。', '积分不能兑换现金，不能转让。'],
      },
      {
        heading: '三、你的内容',
        paragraphs: [
          '请只上传你有权使用的照片，不得上传他人肖像（未经同意）或违法、色情、暴力等内容。提交的文字和照片会经过内容安全检查，未通过的不会生成，也不扣积分。',
          '你做的表情默认只有你自己能看到。只有当你在表情详情页打开“允许展示”后，运营人员才可能把它放到首页精选；你随时可以关闭，关闭后立即从精选中撤下。',
        ],
      },
      {
        heading: '四、注销',
        paragraphs: ['你可以在“我的”页面注销账号。注销后账号不能恢复，剩余积分作废。'],
      },
    ],
  },
  privacy: {
    title: '隐私政策',
    updated: '2026 年 11 月 30 日',
    sections: [
      {
        heading: '一、我们收集什么',
        paragraphs: [
          '手机号：用于登录和找回账号（短信验证码、微信手机号快速验证或密码登录）。',
          '你提交的描述文字、表情文字和照片：仅用于生成你要的表情，并发送给为我们提供视频生成的服务商（通义万相、Kie、EvoLink 之一）和微信内容安全接口。',
          '生成的视频和动图、积分记录：用于向你展示结果和余额。',
          '我们不收集你的位置、通讯录，也不读取相册中你没有选择的照片。',
        ],
      },
      {
        heading: '二、微信隐私接口',
        paragraphs: [
          '在小程序中，获取手机号、从相册或相机选择照片前，会先请你同意本政策（微信隐私授权）。不同意时这些功能不可用，你仍可以用短信验证码登录、用文字生成表情。',
        ],
      },
      {
        heading: '三、保存与删除',
        paragraphs: [
          '照片和生成的文件保存在我们的存储中，直到你删除表情或注销账号。',
          '注销账号时，我们删除你的照片、视频和动图文件，清除手机号、密码、微信标识和你提交的文字；积分流水按财务审计要求匿名保留（只留数额和时间，不含任何内容）。',
        ],
      },
      {
        heading: '四、公开展示',
        paragraphs: ['你的表情只有在你打开“允许展示”后才可能出现在首页精选。用你照片做的表情默认不允许展示。'],
      },
      {
        heading: '五、联系我们',
        paragraphs: ['对个人信息处理有疑问，可在“我的”页面联系客服。'],
      },
    ],
  },
}

export function legalDoc(param: string | undefined): LegalDoc {
  return param === 'privacy' ? 'privacy' : 'terms'
}
