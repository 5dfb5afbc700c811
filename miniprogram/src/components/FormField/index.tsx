import type { ReactNode } from 'react'
import { View, Text } from '@tarojs/components'
import './index.scss'

export interface FormFieldProps {
  label: string
  children: ReactNode
  /** validation message shown under the field (red) */
  error?: string | null
  /** grey help line shown when there is no error */
  hint?: string
  /** e.g. "3/16" on the right of the label */
  counter?: string
  optional?: boolean
  testId?: string
}

/** Label + control + inline error/hint. */
export default function FormField({ label, children, error, hint, counter, optional, testId }: FormFieldProps) {
  return (
    <View className={`form-field${error ? ' has-error' : ''}`} data-testid={testId}>
      <View className="form-field__head">
        <Text className="form-field__label">
          {label}
          {optional ? <Text className="form-field__optional">（选填）</Text> : null}
        </Text>
        {counter ? <Text className="form-field__counter">{counter}</Text> : null}
      </View>
      {children}
      {error ? (
        <Text className="form-field__error" data-testid={testId ? `${testId}-error` : 'field-error'}>
          {error}
        </Text>
      ) : hint ? (
        <Text className="form-field__hint">{hint}</Text>
      ) : null}
    </View>
  )
}
