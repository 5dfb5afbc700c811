/** The home page: featured stickers (public and the admins' order) and the 做同款 templates (public and admin). */
import type { AdminShowcaseItem, AdminTemplateView, ShowcaseItem, TemplateView } from '@app/shared';
import { appOk, arrayOf, bool, int, JOB_ID, nullable, obj, pageOf, paged, ref, Schema, str, T0, time } from './common';
import { captionStyle, kind } from './stickers';

const templateFields: { [K in keyof TemplateView]: Schema } = {
  id: int,
  kind,
  title: str,
  prompt: str,
  role: nullable(str),
  source: nullable(str),
  caption: nullable(str),
  captionStyle,
  exampleGifUrl: nullable(str),
  exampleThumbnailUrl: nullable(str),
};

const SHOWCASE_EXAMPLE: ShowcaseItem = {
  jobId: JOB_ID,
  gifUrl: 'https://example.com/files/job.gif',
  thumbnailUrl: 'https://example.com/files/job.png',
  prompt: '一只猫在跳舞',
  kind: 'text',
};
const ADMIN_SHOWCASE_EXAMPLE: AdminShowcaseItem = { ...SHOWCASE_EXAMPLE, userId: 2, order: 0, position: 1, createdAt: T0 };
const TEMPLATE_EXAMPLE: TemplateView = {
  id: 1,
  kind: 'text',
  title: '跳舞的猫',
  prompt: '一只猫在跳舞',
  role: null,
  source: null,
  caption: '嗨起来',
  captionStyle: { position: 'bottom', color: 'yellow' },
  exampleGifUrl: 'https://example.com/files/job.gif',
  exampleThumbnailUrl: null,
};
const ADMIN_TEMPLATE_EXAMPLE: AdminTemplateView = { ...TEMPLATE_EXAMPLE, exampleJobId: JOB_ID, hidden: false, position: 1, createdAt: T0 };

export const SHOWCASE_SCHEMAS: Record<string, Schema> = {
  ShowcasePageOk: appOk(paged(obj<ShowcaseItem>({ jobId: str, gifUrl: str, thumbnailUrl: nullable(str), prompt: str, kind })), pageOf(SHOWCASE_EXAMPLE)),
  AdminShowcasePageOk: appOk(
    paged(
      obj<AdminShowcaseItem>({
        jobId: str,
        userId: int,
        kind,
        prompt: str,
        gifUrl: nullable(str),
        thumbnailUrl: nullable(str),
        order: int,
        position: int,
        createdAt: time,
      }),
    ),
    pageOf(ADMIN_SHOWCASE_EXAMPLE),
  ),
  ShowcaseMovedOk: appOk(obj<{ jobId: string; position: number }>({ jobId: str, position: int }), { jobId: JOB_ID, position: 1 }, '顺序已调整'),
  ShowcaseFeaturedOk: appOk(
    obj<{ jobId: string; showcase: boolean; position: number | null }>({ jobId: str, showcase: bool, position: nullable(int) }),
    { jobId: JOB_ID, showcase: true, position: 1 },
    '已加入精选',
  ),
  TemplateView: { ...obj<TemplateView>(templateFields), example: TEMPLATE_EXAMPLE },
  TemplateOk: appOk(ref('TemplateView'), TEMPLATE_EXAMPLE),
  TemplateListOk: appOk(arrayOf(ref('TemplateView')), [TEMPLATE_EXAMPLE]),
  AdminTemplateView: {
    ...obj<AdminTemplateView>({ ...templateFields, exampleJobId: nullable(str), hidden: bool, position: int, createdAt: time }),
    example: ADMIN_TEMPLATE_EXAMPLE,
  },
  AdminTemplateOk: appOk(ref('AdminTemplateView'), ADMIN_TEMPLATE_EXAMPLE, '模板已保存'),
  AdminTemplateListOk: appOk(arrayOf(ref('AdminTemplateView')), [ADMIN_TEMPLATE_EXAMPLE]),
  TemplateMovedOk: appOk(obj<{ id: number; position: number }>({ id: int, position: int }), { id: 1, position: 1 }, '顺序已调整'),
};
