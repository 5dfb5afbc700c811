import { validation } from '../error/app.error';

/** `page` ≥ 1 (default 1) and `page_size` 1–100 (default 20) from a query string. */
export function paging(query: { page?: unknown; page_size?: unknown; pageSize?: unknown }, defaultSize = 20): { page: number; pageSize: number } {
  const read = (v: unknown, fallback: number) => {
    if (v === undefined || v === '') return fallback;
    const n = Number(v);
    if (!Number.isInteger(n)) throw validation('分页参数必须是整数');
    return n;
  };
  const page = read(query.page, 1);
  const pageSize = read(query.page_size ?? query.pageSize, defaultSize);
  if (page < 1 || page > 100000) throw validation('page 必须大于等于 1');
  if (pageSize < 1 || pageSize > 100) throw validation('page_size 必须在 1 到 100 之间');
  return { page, pageSize };
}
