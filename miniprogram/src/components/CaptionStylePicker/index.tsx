import { View, Text } from '@tarojs/components'
import { CAPTION_COLOR_NAMES, CAPTION_COLORS, CAPTION_POSITION_LABELS, CAPTION_POSITIONS, type CaptionStyle } from '@app/shared'
import './index.scss'

export interface CaptionStylePickerProps {
  value: CaptionStyle
  onChange: (next: CaptionStyle) => void
  testId?: string
}

/** Caption position (top / middle / bottom) and colour preset; the size always fits the width on its own. */
export default function CaptionStylePicker({ value, onChange, testId = 'caption-style' }: CaptionStylePickerProps) {
  return (
    <View className="caption-style" data-testid={testId}>
      <View className="chips">
        {CAPTION_POSITIONS.map(position => (
          <Text
            key={position}
            className={`chip${value.position === position ? ' is-active' : ''}`}
            onClick={() => onChange({ ...value, position })}
            data-testid={`${testId}-position-${position}`}
          >
            {CAPTION_POSITION_LABELS[position]}
          </Text>
        ))}
      </View>
      <View className="caption-style__colors">
        {CAPTION_COLOR_NAMES.map(color => (
          <View
            key={color}
            className={`caption-style__swatch${value.color === color ? ' is-active' : ''}`}
            style={{ background: CAPTION_COLORS[color].outline }}
            onClick={() => onChange({ ...value, color })}
            data-testid={`${testId}-color-${color}`}
          >
            <Text style={{ color: CAPTION_COLORS[color].fill }}>字</Text>
          </View>
        ))}
      </View>
    </View>
  )
}
