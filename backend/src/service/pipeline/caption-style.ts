/** A task's caption style: read from its columns, written to them, and turned into the media layer's look. */
import { CAPTION_COLORS, CaptionStyle, DEFAULT_CAPTION_STYLE } from '@app/shared';
import type { Task } from '../../entity/task.entity';
import type { CaptionLook } from '../../media/caption';

export function styleOfTask(t: Pick<Task, 'captionPosition' | 'captionColor'>): CaptionStyle {
  return {
    position: t.captionPosition ?? DEFAULT_CAPTION_STYLE.position,
    color: t.captionColor && CAPTION_COLORS[t.captionColor] ? t.captionColor : DEFAULT_CAPTION_STYLE.color,
  };
}

export function styleColumns(style: CaptionStyle | undefined): Pick<Task, 'captionPosition' | 'captionColor'> {
  return { captionPosition: style?.position ?? null, captionColor: style?.color ?? null };
}

export function lookOf(style: CaptionStyle): CaptionLook {
  const preset = CAPTION_COLORS[style.color];
  return { position: style.position, fill: preset.fill, outline: preset.outline };
}
