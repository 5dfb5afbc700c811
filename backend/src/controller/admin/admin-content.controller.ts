import { Body, Controller, Get, Inject, Put, Query } from '@midwayjs/core';
import { ApiResponse } from '@midwayjs/swagger';
import { Context } from '@midwayjs/koa';
import { answers } from '../../openapi/responses';
import { AdminRejectionQuery } from '../../dto/admin/admin-query.dto';
import { ContentGuard } from '../../service/content/content-guard.service';
import { WordListChecker } from '../../service/content/wordlist.checker';
import { BlockedWordsDTO } from '../../dto/admin/admin-lists.dto';
import { pageOf } from '../../dto/page.dto';
import { ok } from '../../util/envelope';

/** Content safety for operators: what the checks refused or flagged, and the editable word list. */
@Controller('/api/v1/admin')
export class AdminContentController {
  @Inject()
  ctx: Context;

  @Inject()
  guard: ContentGuard;

  @Inject()
  wordList: WordListChecker;

  /** ?action=rejected|review|hidden&checker=wordlist|wechat|wechat-media&user_id&page&page_size → Paged<ContentRejectionView>, newest first */
  @ApiResponse(answers(200, 'ContentRejectionPageOk'))
  @Get('/content-rejections')
  async rejections(@Query() query: AdminRejectionQuery) {
    const { page, pageSize } = pageOf(query);
    return ok(
      this.ctx,
      await this.guard.list({
        page,
        pageSize,
        action: query.action,
        checker: query.checker,
        userId: query.user_id,
      }),
    );
  }

  /** → {words (saved here), fileWords (shipped file, edited on the server)}; both are blocked */
  @ApiResponse(answers(200, 'BlockedWordsOk'))
  @Get('/blocked-words')
  async blockedWords() {
    return ok(this.ctx, await this.wordList.lists());
  }

  /** {words: string[], reason?} replaces the saved list; applies at once here and within the refresh interval elsewhere */
  @ApiResponse(answers(200, 'BlockedWordsOk'))
  @Put('/blocked-words')
  async saveBlockedWords(@Body() body: BlockedWordsDTO) {
    await this.wordList.replace(body.words, this.ctx.user!.id, body.reason);
    return ok(this.ctx, await this.wordList.lists(), '敏感词已保存');
  }
}
