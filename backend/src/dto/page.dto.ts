/** `?page&page_size` of every paged list: the one base every list query extends, and the one reader of its numbers. */
import { ApiProperty } from '@midwayjs/swagger';
import { Rule, RuleType } from '@midwayjs/validate';
import { validation } from '../error/app.error';

const PAGE_MAX = 100_000;
const SIZE_MAX = 100;
const DEFAULT_SIZE = 20;

/** A whole number from the query string ('' reads as absent). */
const whole = (v: unknown): number | undefined => {
  if (v === '') return undefined;
  const n = typeof v === 'string' && v.trim() ? Number(v) : NaN;
  if (!Number.isInteger(n)) throw validation('分页参数必须是整数');
  return n;
};

const pageRule = () =>
  RuleType.any().custom(v => {
    const n = whole(v);
    if (n !== undefined && (n < 1 || n > PAGE_MAX)) throw validation('page 必须大于等于 1');
    return n;
  });

const sizeRule = () =>
  RuleType.any().custom(v => {
    const n = whole(v);
    if (n !== undefined && (n < 1 || n > SIZE_MAX)) throw validation(`page_size 必须在 1 到 ${SIZE_MAX} 之间`);
    return n;
  });

export class PageQuery {
  @ApiProperty({ required: false, type: 'integer', description: '页码，从 1 开始', example: 1 })
  @Rule(pageRule())
  page?: number;

  @ApiProperty({ required: false, type: 'integer', description: `每页条数 1–${SIZE_MAX}，默认 ${DEFAULT_SIZE}`, example: DEFAULT_SIZE })
  @Rule(sizeRule())
  page_size?: number;

  @ApiProperty({ required: false, type: 'integer', description: '同 page_size' })
  @Rule(sizeRule())
  pageSize?: number;
}

/** The page asked for, with the defaults (page 1, 20 a page). */
export function pageOf(query: PageQuery): { page: number; pageSize: number } {
  return { page: query.page ?? 1, pageSize: query.page_size ?? query.pageSize ?? DEFAULT_SIZE };
}
