import { Button, Text } from '@tarojs/components'
import PriceBar from '../PriceBar'

export interface SubmitBarProps {
  /** the form's error line, if any */
  error: string
  price: number
  available: number | null
  /** what the button says while it cannot be pressed (sending, uploading), or null when it can */
  busy: string | null
  /** the button's action, e.g. 生成表情; the price is appended */
  label: string
  onSubmit: () => void
}

/** The bottom of every create page: error line, price and balance, and the submit button. */
export default function SubmitBar({ error, price, available, busy, label, onSubmit }: SubmitBarProps) {
  return (
    <>
      {error ? (
        <Text className="form-error" data-testid="create-error">
          {error}
        </Text>
      ) : null}
      <PriceBar price={price} available={available} />
      <Button className={`btn btn-primary${busy ? ' is-disabled' : ''}`} disabled={busy !== null} onClick={onSubmit} data-testid="create-submit">
        {busy ?? `${label}（${price} 积分）`}
      </Button>
    </>
  )
}
