import { Text } from '@tarojs/components'
import type { LegacyStatus, TaskStatus } from '@app/shared'
import { statusLabel, statusTone } from '../../utils/format'
import './index.scss'

export interface StatusBadgeProps {
  status: TaskStatus | LegacyStatus
  className?: string
}

/** Chinese status chip: 排队中 / 生成中 / 制作动图 / 已完成 / 失败 / 已取消. */
export default function StatusBadge({ status, className }: StatusBadgeProps) {
  return (
    <Text className={`status-badge status-badge--${statusTone(status)}${className ? ` ${className}` : ''}`} data-testid="status-badge" data-status={status}>
      {statusLabel(status)}
    </Text>
  )
}
