import { Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectDataSource } from '@midwayjs/typeorm';
import { DataSource, In, IsNull, Not } from 'typeorm';
import { ContentRejection } from '../../entity/content-rejection.entity';
import { SmsCode } from '../../entity/sms-code.entity';
import { Task } from '../../entity/task.entity';
import { Upload } from '../../entity/upload.entity';
import { User } from '../../entity/user.entity';
import { AppError } from '../../error/app.error';
import { CreditService } from '../credits/credit.service';
import { StickerMediaService } from '../pipeline/sticker-media.service';
import { TERMINAL } from '../pipeline/task-transitions';

/**
 * 注销账号 (PIPL art. 47): the user's photos and stickers leave storage, personal data is erased, and the
 * account can never sign in again. The ledger (credit_entry, holds, lots) is kept for audit with its amounts
 * as they were; it points at the user id only, that row keeps no phone, password or openid, and the entries'
 * descriptions (which may quote a prompt) are blanked.
 *
 * Order: files first (idempotent, so a failure half-way is simply repeated by the user's next try while the
 * account still works), then one transaction that anonymises every row. Refused while a sticker is still
 * being made (its hold is open and the pipeline would write new files).
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class AccountDeletionService {
  @InjectDataSource()
  db: DataSource;

  @Inject()
  credits: CreditService;

  @Inject()
  media: StickerMediaService;

  async deleteAccount(userId: number): Promise<void> {
    await this.refuseWhileBusy(userId);
    const tasks = await this.db.getRepository(Task).find({ where: { userId }, withDeleted: true });
    const uploads = await this.db.getRepository(Upload).findBy({ userId });
    const keys = new Set<string>();
    for (const t of tasks) for (const k of [t.imageKey, t.mp4Key, t.gifKey, t.thumbKey]) if (k) keys.add(k);
    for (const u of uploads) keys.add(u.storageKey);
    for (const key of keys) await this.media.remove(key);

    await this.credits.transaction(async em => {
      const user = await em.findOneBy(User, { id: userId });
      if (!user) return;
      await this.refuseWhileBusy(userId, em.getRepository(Task));
      await em.update(
        User,
        { id: userId },
        {
          phone: `deleted_${userId}`,
          passwordHash: null,
          openid: null,
          disabled: true,
          tokenVersion: user.tokenVersion + 1, // every token stops working
        },
      );
      await em.delete(SmsCode, { phone: user.phone });
      await em.delete(Upload, { userId });
      await em.update(ContentRejection, { userId }, { excerpt: '' });
      await em.getRepository(Task).update(
        { userId },
        {
          prompt: '',
          negativePrompt: null,
          caption: null,
          role: null,
          source: null,
          providerPrompt: null,
          imageKey: null,
          mp4Key: null,
          gifKey: null,
          thumbKey: null,
          providerVideoUrl: null,
          showcase: false,
          showcaseAllowed: false,
        },
      );
      await this.credits.anonymise(em, userId);
      await em.getRepository(Task).softDelete({ userId, deletedAt: IsNull() });
    });
  }

  private async refuseWhileBusy(userId: number, repo = this.db.getRepository(Task)): Promise<void> {
    const running = await repo.count({ where: { userId, status: Not(In(TERMINAL)) }, withDeleted: true });
    if (running > 0) throw new AppError('ACCOUNT_BUSY', '还有表情正在生成，请等它完成后再注销账号');
  }
}
