/** Media URLs from the backend may be relative ("/files/x.gif"): make them absolute for <Image>. */
import { absoluteUrl } from '../utils/url'
import { API_BASE } from './request'

export function mediaUrl(url: string | null | undefined): string {
  return absoluteUrl(API_BASE, url)
}
