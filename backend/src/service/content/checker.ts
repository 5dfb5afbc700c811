/**
 * The one interface of content checkers. The ContentGuard runs them in a chain (cheap local ones first):
 * the first `risky` verdict refuses the request before anything is charged; `review` lets it through and
 * is recorded for operators.
 */

/** The user-visible fields that are checked. */
export type TextField = 'prompt' | 'negativePrompt' | 'caption' | 'role' | 'source' | 'action';

export type Suggest = 'pass' | 'review' | 'risky';

export interface CheckUser {
  userId: number;
  /** WeChat openid (set by WeChat login); WeChat's checks need it */
  openid: string | null;
}

export interface Verdict {
  suggest: Suggest;
  /** what matched / WeChat's label, for operators */
  label?: string;
}

/** An image already in storage, with a URL the checker can fetch. */
export interface StoredImage {
  storageKey: string;
  url: string;
}

export interface ContentChecker {
  /** recorded with every finding: wordlist, wechat, … */
  readonly name: string;
  /** whether the checker can run on this kind of content for this user now (configured, has an openid, …) */
  applies(user: CheckUser, kind: 'text' | 'image'): boolean;
  /** a synchronous verdict on one field's text */
  checkText?(text: string, field: TextField, user: CheckUser): Promise<Verdict>;
  /** an asynchronous image check: the verdict comes later (see ContentGuard.applyMediaVerdict) */
  submitImage?(image: StoredImage, user: CheckUser): Promise<{ traceId: string }>;
}

/** The message users see for refused content (provider-side rejections add that the credits came back). */
export const CONTENT_REJECTED_MESSAGE = '内容未通过安全审核，请修改描述后再试';
export const HIDDEN_MESSAGE = '图片未通过安全审核，表情已隐藏';
