/** Sticker tasks for operators: the filtered list and the detail (provider history, timings, GIF, orphans). */
import type { AdminTaskDetail, AdminTaskRow, TaskEventView } from '@app/shared';
import { anyValue, appOk, arrayOf, bool, int, JOB_ID, keysOf, nullable, num, obj, oneOfStrings, pageOf, paged, Schema, str, T0, T1, time } from './common';
import { kind, taskStatus } from './stickers';

const rowFields: { [K in keyof AdminTaskRow]: Schema } = {
  jobId: str, userId: int, phone: str, kind, status: taskStatus, provider: nullable(str), prompt: str, credits: int, errorCode: nullable(str),
  showcase: bool, deleted: bool, hidden: bool, gifUrl: nullable(str), createdAt: time, finishedAt: nullable(time),
};
const event = obj<TaskEventView>({ id: int, type: str, source: str, status: nullable(str), data: anyValue, createdAt: time });
const seconds = nullable(num);

const ROW_EXAMPLE: AdminTaskRow = {
  jobId: JOB_ID, userId: 2, phone: '13800000000', kind: 'text', status: 'SUCCEEDED', provider: 'dashscope', prompt: '一只猫在跳舞', credits: 20,
  errorCode: null, showcase: false, deleted: false, hidden: false, gifUrl: 'https://example.com/files/job.gif', createdAt: T0, finishedAt: T1,
};
const DETAIL_EXAMPLE: AdminTaskDetail = {
  ...ROW_EXAMPLE, mode: 't2v', model: 'wan2.2-t2v-plus', providerTaskId: 'task-123', providerPrompt: '一只猫在跳舞', negativePrompt: null, caption: null,
  role: null, source: null, errorMessage: null, providerError: null, retryOf: null, attempts: 1, routeIndex: 0,
  adminFailMessage: '生成服务异常，任务已由客服终止，积分已退回', showcaseAllowed: true,
  timings: {
    createdAt: T0, submittedAt: T0, providerDoneAt: T1, finishedAt: T1, queueSeconds: 0, providerSeconds: 50, convertSeconds: 10, totalSeconds: 60, convertMs: 9800,
  },
  gif: { url: 'https://example.com/files/job.gif', bytes: 480000, width: 320, height: 320, frames: 40, fps: 10, rung: '320' },
  mp4Url: 'https://example.com/files/job.mp4', thumbnailUrl: 'https://example.com/files/job.png', imageUrl: null,
  events: [{ id: 1, type: 'submitted', source: 'dispatcher', status: 'PENDING', data: { provider: 'dashscope' }, createdAt: T0 }],
  eventsTotal: 1, orphans: [],
};

export const ADMIN_TASK_SCHEMAS: Record<string, Schema> = {
  AdminTaskPageOk: appOk(paged(obj<AdminTaskRow>(rowFields)), pageOf(ROW_EXAMPLE)),
  AdminTaskDetailOk: appOk(
    obj<AdminTaskDetail>({
      ...rowFields,
      mode: oneOfStrings(keysOf<AdminTaskDetail['mode']>({ t2v: 1, i2v: 1 })), model: nullable(str), providerTaskId: nullable(str),
      providerPrompt: nullable(str), negativePrompt: nullable(str), caption: nullable(str), role: nullable(str), source: nullable(str),
      errorMessage: nullable(str), providerError: nullable(str), retryOf: nullable(str), attempts: int, routeIndex: int, adminFailMessage: str,
      showcaseAllowed: bool,
      timings: obj<AdminTaskDetail['timings']>({
        createdAt: time, submittedAt: nullable(time), providerDoneAt: nullable(time), finishedAt: nullable(time),
        queueSeconds: seconds, providerSeconds: seconds, convertSeconds: seconds, totalSeconds: seconds, convertMs: nullable(int),
      }),
      gif: nullable(obj<NonNullable<AdminTaskDetail['gif']>>({
        url: str, bytes: nullable(int), width: nullable(int), height: nullable(int), frames: nullable(int), fps: nullable(num), rung: nullable(str),
      })),
      mp4Url: nullable(str), thumbnailUrl: nullable(str), imageUrl: nullable(str),
      events: arrayOf(event), eventsTotal: int, orphans: arrayOf(event),
    }),
    DETAIL_EXAMPLE,
  ),
};
