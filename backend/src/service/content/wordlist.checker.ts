import { Config, ILogger, Inject, Logger, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectEntityModel } from '@midwayjs/typeorm';
import * as fs from 'fs';
import { Repository } from 'typeorm';
import { BlockedWord } from '../../entity/blocked-word.entity';
import { unitOfWork } from '../../unit-of-work';
import { AdminAuditService } from '../admin/admin-audit.service';
import { CheckUser, ContentChecker, TextField, Verdict } from './checker';

export interface ContentConfig {
  wordListFile: string;
  /** how often other instances pick up words saved in the database */
  wordListRefreshSeconds: number;
  wechatTextCheck: boolean;
  wechatMediaCheck: boolean;
}

export const WORD_MAX = 64;
export const WORDS_MAX = 5000;

/**
 * Text as compared: NFKC (full-width → half-width), lower case, without spaces, zero-width characters and
 * punctuation — so "违 禁" and "违·禁" match "违禁".
 */
export function normalize(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}\u200b-\u200f\u2060\ufeff]+/gu, '');
}

/** Audit details: what was added and removed, and both whole lists when they fit the audit record (4000 characters). */
export function wordListChange(before: string[], after: string[]): Record<string, unknown> {
  const old = new Set(before);
  const now = new Set(after);
  const diff = { added: after.filter(w => !old.has(w)), removed: before.filter(w => !now.has(w)), beforeCount: before.length, afterCount: after.length };
  const whole = { ...diff, before, after };
  return JSON.stringify(whole).length <= 4000 ? whole : diff;
}

/** The words in a file's text: one per line, `#` starts a comment, blanks ignored. */
export function parseWordFile(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map(l => normalize(l.replace(/#.*$/, '')))
    .filter(w => w.length > 0 && w.length <= WORD_MAX);
}

/**
 * The local word list: the shipped file (operators may edit it; re-read when it changes) merged with the
 * words saved in the database from the admin console. Always on; refreshed without a restart.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class WordListChecker implements ContentChecker {
  readonly name = 'wordlist';

  @Config('content')
  cfg: ContentConfig;

  @InjectEntityModel(BlockedWord)
  repo: Repository<BlockedWord>;

  @Inject()
  audit: AdminAuditService;

  @Logger()
  logger: ILogger;

  private fileWords: string[] = [];
  private fileMtime = -1;
  private dbWords: string[] = [];
  private loadedAt = 0;
  private loading?: Promise<void>;

  applies(): boolean {
    return true;
  }

  async checkText(text: string, _field: TextField, _user: CheckUser): Promise<Verdict> {
    await this.fresh();
    const n = normalize(text);
    const hit = this.fileWords.find(w => n.includes(w)) ?? this.dbWords.find(w => n.includes(w));
    return hit ? { suggest: 'risky', label: hit } : { suggest: 'pass' };
  }

  /** The file's words and the operators' words (the admin console shows both). */
  async lists(): Promise<{ fileWords: string[]; words: string[] }> {
    await this.reload();
    return { fileWords: [...this.fileWords], words: [...this.dbWords] };
  }

  /** Replaces the saved list (applied in this instance at once); the admin audit log gets the old and the new list in the same transaction. */
  async replace(words: string[], adminId: number, reason: string): Promise<void> {
    await unitOfWork(this.repo.manager.connection, async em => {
      const before = (await em.find(BlockedWord, { order: { id: 'ASC' } })).map(r => r.word);
      await this.audit.record(
        { actorId: adminId, action: 'content.blocked-words', targetType: 'content', targetId: 'blocked-words', reason, details: wordListChange(before, words) },
        em,
      );
      await em.createQueryBuilder().delete().from(BlockedWord).execute();
      for (let i = 0; i < words.length; i += 200) {
        await em.insert(
          BlockedWord,
          words.slice(i, i + 200).map(word => ({ word, createdBy: adminId })),
        );
      }
    });
    await this.reload();
  }

  private async fresh(): Promise<void> {
    if (Date.now() - this.loadedAt < this.cfg.wordListRefreshSeconds * 1000) return;
    await this.reload();
  }

  private reload(): Promise<void> {
    this.loading ??= this.load().finally(() => (this.loading = undefined));
    return this.loading;
  }

  private async load(): Promise<void> {
    const stat = await fs.promises.stat(this.cfg.wordListFile).catch(() => null);
    if (!stat) {
      if (this.fileMtime !== 0) this.logger.warn('[content] word list file %s not found; using the database list only', this.cfg.wordListFile);
      this.fileWords = [];
      this.fileMtime = 0;
    } else if (stat.mtimeMs !== this.fileMtime) {
      this.fileWords = [...new Set(parseWordFile(await fs.promises.readFile(this.cfg.wordListFile, 'utf8')))];
      this.fileMtime = stat.mtimeMs;
    }
    this.dbWords = (await this.repo.find({ order: { id: 'ASC' } })).map(r => r.word);
    this.loadedAt = Date.now();
  }
}
