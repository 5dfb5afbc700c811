import { execFileSync } from 'child_process';
import * as zlib from 'zlib';
import { ffmpegPaths } from '../../src/media/ffmpeg';
import { stripImageMetadata } from '../../src/storage/strip-metadata';
import { App, http, startApp, stopApp } from '../support/app';
import { expectLedgerClean, fetchFile, pipelineEnv, queryUntilDone } from '../support/pipeline';
import { Account, passwordAccount, pngBytes, settleTasks } from '../support/rows';

/**
 * Issue 17, point 8: files must not outlive deletion, photos must not carry EXIF (GPS) into storage, and public
 * URLs must not name users. (Hiding for a risky verdict is in content/content-checks.test.ts, which has WeChat.)
 */
const GPS_MARK = 'GPS 31.2304N 121.4737E secret-home';

/** A real JPEG with an EXIF APP1 segment and a comment carrying a location, as a phone camera would write. */
function jpegWithExif(): Buffer {
  const jpeg = execFileSync(ffmpegPaths().ffmpeg, [
    '-v',
    'error',
    '-f',
    'lavfi',
    '-i',
    'testsrc2=size=480x480',
    '-frames:v',
    '1',
    '-f',
    'image2',
    '-c:v',
    'mjpeg',
    '-',
  ]);
  const tiff = Buffer.concat([Buffer.from('MM\0*\0\0\0\x08\0\0', 'latin1'), Buffer.from(GPS_MARK)]);
  const app1Body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const app1 = Buffer.concat([Buffer.from([0xff, 0xe1]), u16(app1Body.length + 2), app1Body]);
  const com = Buffer.concat([Buffer.from([0xff, 0xfe]), u16(GPS_MARK.length + 2), Buffer.from(GPS_MARK)]);
  return Buffer.concat([jpeg.subarray(0, 2), app1, com, jpeg.subarray(2)]);
}

function u16(n: number) {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
}

/** A PNG with tEXt and eXIf chunks before IDAT. */
function pngWithText(): Buffer {
  const png = pngBytes(480, 480);
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(Buffer.concat([Buffer.from(type, 'latin1'), data])) >>> 0);
    return Buffer.concat([len, Buffer.from(type, 'latin1'), data, crc]);
  };
  const ihdrEnd = 8 + 12 + png.readUInt32BE(8);
  return Buffer.concat([
    png.subarray(0, ihdrEnd),
    chunk('tEXt', Buffer.from(`Comment\0${GPS_MARK}`)),
    chunk('eXIf', Buffer.from(`MM\0*${GPS_MARK}`)),
    png.subarray(ihdrEnd),
  ]);
}

describe('stored files: deletion, metadata, key layout', () => {
  let app: App;
  let user: Account;
  beforeAll(async () => {
    app = await startApp(await pipelineEnv());
    user = await passwordAccount(app);
  });
  afterAll(async () => {
    await settleTasks(app, [user].filter(Boolean));
    await expectLedgerClean(app);
    await stopApp(app);
  });

  it.each([
    ['JPEG', jpegWithExif, 'image/jpeg', 'a.jpg'],
    ['PNG', pngWithText, 'image/png', 'a.png'],
  ])('a %s photo is stored without its EXIF / text metadata', async (_name, make, type, filename) => {
    const bytes = make();
    expect(bytes.includes(GPS_MARK)).toBe(true);
    const up = await http(app).post('/api/v1/upload/image').set('Authorization', user.auth).attach('file', bytes, { filename, contentType: type });
    expect(up.status).toBe(200);
    const stored = await fetchFile(up.body.data.url);
    expect(stored.status).toBe(200);
    expect(stored.body.includes(GPS_MARK)).toBe(false);
    expect(stored.body.includes(Buffer.from('Exif\0\0', 'latin1'))).toBe(false);
    expect(stored.body.length).toBeGreaterThan(1000);
    // the public URL names no user
    expect(up.body.data.url).not.toContain(`/${user.id}/`);
  });

  it('stripping keeps the pixels: the stripped JPEG still decodes', () => {
    const stripped = stripImageMetadata(jpegWithExif(), 'image/jpeg');
    const out = execFileSync(ffmpegPaths().ffmpeg, ['-v', 'error', '-i', 'pipe:0', '-f', 'null', '-'], { input: stripped });
    expect(out.length).toBe(0);
  });

  it("a deleted sticker's GIF, MP4 and thumbnail stop being served", async () => {
    const created = await http(app).post('/api/v1/stickers').set('Authorization', user.auth).send({ kind: 'text', prompt: '挥手的小熊' });
    expect(created.status).toBe(200);
    const jobId = created.body.data.jobId as string;
    await queryUntilDone(app, user.auth, jobId);
    const detail = (await http(app).get(`/api/v1/stickers/${jobId}`).set('Authorization', user.auth)).body.data;
    const urls = [detail.gifUrl, detail.mp4Url, detail.thumbnailUrl] as string[];
    for (const url of urls) {
      expect(url).not.toContain(`/${user.id}/`);
      expect((await fetchFile(url)).status).toBe(200);
    }
    await http(app).delete(`/api/v1/stickers/${jobId}`).set('Authorization', user.auth).expect(200);
    for (const url of urls) expect((await fetchFile(url)).status).toBe(404);
  });
});
