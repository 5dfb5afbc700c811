/** DOM stand-ins for @tarojs/components in unit tests. */
import { createElement, type ReactNode } from 'react'

type Props = Record<string, unknown> & { children?: ReactNode; className?: string }

function pick(props: Props): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(props)) {
    if (key === 'children') continue
    if (key.startsWith('data-') || key === 'className' || key === 'id' || key === 'onClick' || key === 'src') out[key] = value
    if (key === 'disabled') out.disabled = Boolean(value)
    if (key === 'value') out.value = value
    if (key === 'placeholder') out.placeholder = value
  }
  return out
}

function make(tag: string) {
  return function Component(props: Props) {
    return createElement(tag, pick(props), props.children)
  }
}

export const View = make('div')
export const Text = make('span')
export const Button = make('button')
export const Image = make('img')
export const ScrollView = make('div')
export const Progress = make('progress')

function makeInput(tag: 'input' | 'textarea') {
  return function Input(props: Props) {
    const onInput = props.onInput as ((e: { detail: { value: string } }) => void) | undefined
    return createElement(tag, {
      ...pick(props),
      onChange: (e: { target: { value: string } }) => onInput?.({ detail: { value: e.target.value } }),
    })
  }
}

export const Input = makeInput('input')
export const Textarea = makeInput('textarea')
