import { StickerMediaService } from '../../src/service/pipeline/sticker-media.service';
import type { App } from './app';

/**
 * Holds the app's GIF conversions at the engine, just before ffmpeg, until `release()`; `reached` resolves when the
 * first one arrives, `restore()` puts the real engine call back. For tests that act while a sticker converts.
 */
export async function holdConversions(app: App) {
  const media = await app.getApplicationContext().getAsync(StickerMediaService);
  let arrived!: () => void;
  const reached = new Promise<void>(r => (arrived = r));
  let release!: () => void;
  const held = new Promise<void>(r => (release = r));
  const convert = media.engine.convert.bind(media.engine);
  const spy = jest.spyOn(media.engine, 'convert').mockImplementation(async (...args) => {
    arrived();
    await held;
    return convert(...args);
  });
  return { media, reached, release, restore: () => spy.mockRestore() };
}
