import { Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectEntityModel } from '@midwayjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import type { CaptionStyle } from '@app/shared';
import { Task } from '../../entity/task.entity';
import { AppError } from '../../error/app.error';
import { AbuseLimitService } from '../limits/abuse-limits.service';
import { styleColumns, styleOfTask } from './caption-style';
import { ContentGuard } from '../content/content-guard.service';
import { gifColumns, StickerMediaService } from './sticker-media.service';
import { TaskLifecycle } from './task-lifecycle.service';
import { TaskService } from './task.service';

export interface RecaptionInput {
  /** undefined: keep the current caption; '' removes it */
  caption?: string;
  /** undefined: keep the current style */
  style?: CaptionStyle;
}

/**
 * Free re-captioning of a finished sticker: no provider call and no credits. The GIF is re-rendered from
 * the stored MP4 under new keys; the task switches to them in one guarded UPDATE (so two re-captions racing
 * each other cannot both win), and only then are the old files deleted — until that moment the old
 * version is what everyone sees.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class RecaptionService {
  @InjectEntityModel(Task)
  tasks: Repository<Task>;

  @Inject()
  taskService: TaskService;

  @Inject()
  media: StickerMediaService;

  @Inject()
  guard: ContentGuard;

  @Inject()
  abuse: AbuseLimitService;

  @Inject()
  lifecycle: TaskLifecycle;

  async recaption(userId: number, jobId: string, input: RecaptionInput): Promise<Task> {
    const task = await this.taskService.mustFind(userId, jobId); // someone else's sticker → 404
    await this.abuse.beforeRecaption(userId);
    if (task.status !== 'SUCCEEDED' || !task.mp4Key || !task.gifKey || task.hidden) {
      throw new AppError('TASK_NOT_RECAPTIONABLE', '只有已完成的表情可以改字');
    }
    const caption = input.caption === undefined ? task.caption : (this.media.checkCaption(input.caption) ?? null);
    const style = input.style ?? styleOfTask(task);
    if (caption !== task.caption) await this.guard.checkTexts(userId, { caption });

    const version = task.captionVersion + 1;
    const next = Object.assign(new Task(), task, { caption, ...styleColumns(style) });
    const files = await this.media.rerender(next, version);
    // not hidden: a risky verdict on the photo while this rendered took the old files private; the new ones must
    // not become the sticker's (the verdict that comes after this update finds them on the task and hides them)
    const switched = await this.tasks.update(
      { id: task.id, status: 'SUCCEEDED', captionVersion: task.captionVersion, deletedAt: IsNull(), hidden: false },
      {
        caption,
        ...styleColumns(style),
        captionVersion: version,
        ...gifColumns(files),
      },
    );
    if (!switched.affected) {
      // another re-caption (or a delete, or a content verdict) got there first: ours is the one thrown away
      await Promise.all([this.media.remove(files.gifKey), this.media.remove(files.thumbKey)]);
      throw new AppError('TASK_NOT_RECAPTIONABLE', '这个表情正在改字，请稍后再试');
    }
    await Promise.all([this.media.remove(task.gifKey), task.thumbKey ? this.media.remove(task.thumbKey) : undefined]);
    await this.lifecycle.record(task.id, 'recaptioned', 'api', 'SUCCEEDED', { version, caption, style, convertMs: files.convertMs });
    return (await this.tasks.findOneBy({ id: task.id }))!;
  }
}
