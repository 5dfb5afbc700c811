/**
 * Picking a photo and shrinking it before upload.
 * weapp: Taro.chooseMedia + Taro.compressImage. H5: a File from an <input type="file"> drawn onto a
 * canvas. Both give a local path that Taro.uploadFile accepts (temp path / blob: URL).
 */
import Taro from '@tarojs/taro'
import { IMAGE_MAX_SIDE, IMAGE_MAX_UPLOAD_BYTES } from '../constants'
import { compressQuality, fitWithin, needsCompression } from '../utils/image'

export interface PickedImage {
  /** what uploadFile reads */
  path: string
  /** what <Image> shows */
  previewUrl: string
  fileName: string
  bytes: number
  width?: number
  height?: number
  compressed: boolean
}

export class PickError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'PickError'
  }
}

function isCancel(error: unknown): boolean {
  const msg = typeof error === 'object' && error !== null ? (error as { errMsg?: unknown }).errMsg : undefined
  return typeof msg === 'string' && /cancel/i.test(msg)
}

/** weapp: pick from album or camera; null when the user cancels. */
export async function pickImageWeapp(): Promise<PickedImage | null> {
  let chosen: Taro.chooseMedia.SuccessCallbackResult
  try {
    chosen = await Taro.chooseMedia({
      count: 1,
      mediaType: ['image'],
      sourceType: ['album', 'camera'],
      sizeType: ['original', 'compressed'],
    })
  } catch (error) {
    if (isCancel(error)) return null
    throw new PickError('无法打开相册，请检查权限后重试')
  }
  const file = chosen.tempFiles[0]
  if (!file) return null
  let path = file.tempFilePath
  let bytes = file.size
  let width = file.width
  let height = file.height
  let compressed = false
  if (needsCompression(bytes, width, height)) {
    try {
      const target = width && height ? fitWithin(width, height, IMAGE_MAX_SIDE) : undefined
      const result = await Taro.compressImage({
        src: path,
        quality: compressQuality(bytes),
        ...(target && width && width > target.width ? { compressedWidth: target.width } : {}),
      })
      path = result.tempFilePath
      compressed = true
      const info = await Taro.getFileInfo({ filePath: path }).catch(() => null)
      if (info && 'size' in info && typeof info.size === 'number') bytes = info.size
      if (target) {
        width = target.width
        height = target.height
      }
    } catch (error) {
      console.warn('compressImage failed, uploading the original', error)
    }
  }
  if (bytes > IMAGE_MAX_UPLOAD_BYTES) throw new PickError('图片太大了，请换一张 10MB 以内的图片')
  return { path, previewUrl: path, fileName: 'photo.jpg', bytes, width, height, compressed }
}

function loadImage(url: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new window.Image()
    img.onload = () => resolve(img)
    img.onerror = () => reject(new PickError('无法读取这张图片，请换一张 JPG 或 PNG 图片'))
    img.src = url
  })
}

function canvasToBlob(canvas: HTMLCanvasElement, quality: number): Promise<Blob | null> {
  return new Promise(resolve => canvas.toBlob(blob => resolve(blob), 'image/jpeg', quality))
}

/** H5: read a File from <input type="file">, shrink it on a canvas when it is large. */
export async function prepareImageH5(file: File): Promise<PickedImage> {
  if (file.type && !file.type.startsWith('image/')) throw new PickError('请选择图片文件')
  const originalUrl = URL.createObjectURL(file)
  const img = await loadImage(originalUrl)
  const width = img.naturalWidth
  const height = img.naturalHeight
  if (!needsCompression(file.size, width, height)) {
    if (file.size > IMAGE_MAX_UPLOAD_BYTES) throw new PickError('图片太大了，请换一张 10MB 以内的图片')
    return { path: originalUrl, previewUrl: originalUrl, fileName: file.name || 'photo.jpg', bytes: file.size, width, height, compressed: false }
  }
  const target = fitWithin(width, height, IMAGE_MAX_SIDE)
  const canvas = document.createElement('canvas')
  canvas.width = target.width
  canvas.height = target.height
  const ctx = canvas.getContext('2d')
  if (!ctx) throw new PickError('浏览器不支持图片压缩，请换一张小一点的图片')
  ctx.fillStyle = '#ffffff' // JPEG has no transparency
  ctx.fillRect(0, 0, target.width, target.height)
  ctx.drawImage(img, 0, 0, target.width, target.height)
  let blob = await canvasToBlob(canvas, 0.85)
  if (blob && blob.size > IMAGE_MAX_UPLOAD_BYTES / 2) blob = (await canvasToBlob(canvas, 0.7)) ?? blob
  if (!blob) throw new PickError('图片压缩失败，请换一张图片')
  URL.revokeObjectURL(originalUrl)
  const url = URL.createObjectURL(blob)
  const base = (file.name || 'photo').replace(/\.[^.]+$/, '')
  return { path: url, previewUrl: url, fileName: `${base}.jpg`, bytes: blob.size, width: target.width, height: target.height, compressed: true }
}
