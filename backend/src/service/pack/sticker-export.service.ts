import { Inject, Provide } from '@midwayjs/core';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { ExportFileCheck, ExportReport } from '@app/shared';
import { isMediaError } from '../../media/errors';
import { checkPlatformFile, countProblem, PLATFORM_RULES, renderStills } from '../../media/sticker-platform';
import { StickerMediaService } from '../pipeline/sticker-media.service';
import { PackService } from './pack.service';
import { ZipEntry } from './pack-zip.service';

const NOTES = [
  '平台建议主图和缩略图使用透明背景；由视频生成的表情带有背景，审核时可能被要求修改。',
  '表情名称、含义词、介绍和版权信息需要在平台网页上填写，含义词已列在「含义词.txt」里。',
];

/**
 * The submission for the WeChat sticker platform (表情开放平台) from a finished pack: the main GIFs (a sticker
 * that does not fit is re-encoded from its MP4 at the platform's stricter limit, never dropped), thumbnails,
 * cover, chat icon and banner, every file checked before anything is zipped. Spec: docs/sticker-platform.md.
 */
@Provide()
export class StickerExportService {
  @Inject()
  packs: PackService;

  @Inject()
  media: StickerMediaService;

  /** Builds every file and checks it. The report says what is wrong; `entries` is what the zip would hold. */
  async build(userId: number, packId: string): Promise<{ title: string; report: ExportReport; entries: ZipEntry[] }> {
    const pack = await this.packs.mustFind(userId, packId);
    const { slots, done } = await this.packs.finished(pack);
    const problems: string[] = [];
    const count = countProblem(done.length);
    if (count) problems.push(count);
    const files: ExportFileCheck[] = [];
    const entries: ZipEntry[] = [];
    const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'export-'));
    try {
      await fs.promises.mkdir(path.join(dir, 'main'));
      const mains: string[] = [];
      for (const [i, task] of done.entries()) {
        const name = `main/${String(i + 1).padStart(2, '0')}.gif`;
        let gif = await this.media.readAll(task.gifKey!);
        let check = checkPlatformFile(name, 'main', gif);
        if (!check.ok) {
          try {
            gif = await this.media.platformGif(task);
            check = checkPlatformFile(name, 'main', gif, true);
          } catch (e) {
            if (!isMediaError(e)) throw e;
            check.problems.push(`重新压缩失败：${e.message}`); // reported; the zip is refused
          }
        }
        files.push(check);
        entries.push({ name, data: gif });
        await fs.promises.writeFile(path.join(dir, name), gif);
        mains.push(path.join(dir, name));
      }
      if (mains.length > 0) {
        const stills = await renderStills(dir, mains);
        for (const [name, data] of stills) {
          const role = name.startsWith('thumb/') ? 'thumb' : (path.basename(name, '.png') as keyof typeof PLATFORM_RULES);
          files.push(checkPlatformFile(name, role, data));
          entries.push({ name, data });
        }
      }
    } finally {
      await fs.promises.rm(dir, { recursive: true, force: true });
    }
    const meanings = done.map((t, i) => `${String(i + 1).padStart(2, '0')}.gif\t${slots[t.packSlot!]?.label ?? ''}`).join('\n');
    entries.push({ name: '含义词.txt', data: Buffer.from(`${meanings}\n`, 'utf8') });
    const ok = problems.length === 0 && files.every(f => f.ok);
    return { title: pack.title, report: { packId: pack.packId, ok, count: done.length, problems, notes: NOTES, files }, entries };
  }
}
