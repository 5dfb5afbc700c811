/** Pack page logic (pure). */
import type { ExportReport, PackView } from '@app/shared'

/** "生成中 5/8" or "已完成 8/8（1 个失败）". */
export function packProgress(pack: Pick<PackView, 'status' | 'size' | 'succeeded' | 'failed'>): string {
  const finished = pack.succeeded + pack.failed
  if (pack.status === 'ACTIVE') return `生成中 ${finished}/${pack.size}`
  return `已完成 ${pack.succeeded}/${pack.size}${pack.failed > 0 ? `（${pack.failed} 个失败，可重试）` : ''}`
}

export function zipName(title: string, suffix = ''): string {
  return `${title.replace(/[\\/:*?"<>|\s]+/g, '_') || '表情包'}${suffix}.zip`
}

/** The report's headline: what the user reads before downloading the export. */
export function reportHeadline(report: ExportReport): string {
  const fixed = report.files.filter(f => f.reencoded).length
  if (!report.ok) return `有 ${report.problems.length + report.files.filter(f => !f.ok).length} 个问题，暂时不能导出`
  return `${report.files.length} 个文件全部符合要求${fixed > 0 ? `（${fixed} 个表情已按平台要求重新压缩）` : ''}`
}
