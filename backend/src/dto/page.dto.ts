/** `?page&page_size` of every paged list; the numbers are read by util/paging (one reader, one set of messages). */
import { ApiProperty } from '@midwayjs/swagger';
import { Rule, RuleType } from '@midwayjs/validate';

export class PageQuery {
  @ApiProperty({ required: false, description: '页码，从 1 开始', example: 1 })
  @Rule(RuleType.any())
  page?: string;

  @ApiProperty({ required: false, description: '每页条数 1–100，默认 20', example: 20 })
  @Rule(RuleType.any())
  page_size?: string;

  @ApiProperty({ required: false, description: '同 page_size' })
  @Rule(RuleType.any())
  pageSize?: string;
}
