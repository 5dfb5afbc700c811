#!/usr/bin/env node
'use strict';
/**
 * GIF bench: `node bench/gif/run.js [clip,clip...]`. See README.md next to this file.
 *
 * Per clip and method: wall seconds, CPU seconds of the child processes (load-independent), peak memory
 * (largest child process), bytes, SSIM of the decoded GIF
 * vs the source through the same fps + scale. Methods:
 *   naive      ffmpeg -i in.mp4 out.gif
 *   palettegen 240 px / 10 fps, palettegen + paletteuse with default (error diffusion) dithering
 *   ours@r0    the engine's first rung only (no budget), to show the first rung's quality
 *   ours       the engine as the product runs it (ladder within 500 KB target / 1 MB cap)
 *   gifski90/70  gifski 1.7 (npm, AGPL: bench only) at 240 px / 10 fps from PNG frames, -Q 90 / 70
 * The engine is loaded from backend/src through TypeScript's transpiler (no build step needed).
 */
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { CLIPS, makeClip } = require('./clips');

const ROOT = path.resolve(__dirname, '..', '..');

// ---- load the engine's TypeScript directly ----
const ts = require(require.resolve('typescript', { paths: [ROOT, path.join(ROOT, 'backend')] }));
require.extensions['.ts'] = (module, filename) => {
  const src = fs.readFileSync(filename, 'utf8');
  const out = ts.transpileModule(src, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2021, esModuleInterop: true },
    fileName: filename,
  });
  module._compile(out.outputText, filename);
};
const { GifEngine, LADDER, PLATFORM_LIMITS } = require(path.join(ROOT, 'backend/src/media/gif.ts'));
const { ffmpegPaths } = require(path.join(ROOT, 'backend/src/media/ffmpeg.ts'));
const { inspectGif } = require(path.join(ROOT, 'backend/src/media/image.ts'));

const FF = ffmpegPaths();
const GIFSKI = (() => {
  const p = path.join(ROOT, 'node_modules/gifski/bin', process.platform === 'darwin' ? 'macos/gifski' : 'debian/gifski');
  return fs.existsSync(p) ? p : undefined;
})();

// ---- peak memory of child processes, by polling /proc (Linux) ----
function descendants(root) {
  const parent = new Map();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // the process ended while we looked: skip it
    }
  }
  const out = [];
  for (const [pid] of parent) {
    for (let p = parent.get(pid); p; p = parent.get(p)) {
      if (p === root) {
        out.push(pid);
        break;
      }
    }
  }
  return out;
}

function trackPeak() {
  let peakKb = 0;
  const poll = () => {
    if (process.platform !== 'linux') return;
    for (const pid of descendants(process.pid)) {
      try {
        const m = /VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
        if (m) peakKb = Math.max(peakKb, Number(m[1]));
      } catch {
        // ended between listing and reading
      }
    }
  };
  const timer = setInterval(poll, 15);
  return () => {
    clearInterval(timer);
    poll();
    return peakKb / 1024;
  };
}

function run(bin, args) {
  return new Promise((resolve, reject) => {
    const p = spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', d => (err += d));
    p.on('error', reject);
    p.on('close', code => (code === 0 ? resolve(err) : reject(new Error(`${path.basename(bin)} exited ${code}: ${err.slice(-500)}`))));
  });
}

/** CPU seconds of this process's finished children (cutime + cstime), Linux; 0 elsewhere. */
function childCpu() {
  if (process.platform !== 'linux') return 0;
  const stat = fs.readFileSync('/proc/self/stat', 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[13]) + Number(f[14])) / 100; // USER_HZ is 100 on Linux
}

async function measure(fn) {
  const stop = trackPeak();
  const cpu0 = childCpu();
  const t = process.hrtime.bigint();
  const result = await fn();
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  return { ...result, seconds, cpu: childCpu() - cpu0, peakMb: stop() };
}

/** SSIM of the GIF vs the source through the same fps + scale, frame by frame (index-aligned). */
async function ssim(src, gif, fps, w, h) {
  const ref = `fps=${fps},scale=${w}:${h}:flags=lanczos,format=yuv444p,setpts=N/TB`;
  const graph = `[0:v]${ref}[r];[1:v]format=yuv444p,setpts=N/TB[d];[r][d]ssim`;
  const log = await run(FF.ffmpeg, ['-v', 'info', '-nostats', '-i', src, '-i', gif, '-filter_complex', graph, '-f', 'null', '-']);
  const m = /SSIM Y:([0-9.]+).*All:([0-9.]+)/.exec(log);
  return m ? { ssimY: Number(m[1]), ssim: Number(m[2]) } : { ssimY: NaN, ssim: NaN };
}

async function probeFps(src) {
  const log = await run(FF.ffmpeg, ['-hide_banner', '-i', src, '-f', 'null', '-t', '0', '-']).catch(e => e.message);
  const m = /(\d+(?:\.\d+)?) fps/.exec(log);
  return m ? Number(m[1]) : 24;
}

const METHODS = {
  async naive(src, dir) {
    const out = path.join(dir, 'naive.gif');
    return measure(async () => {
      await run(FF.ffmpeg, ['-y', '-v', 'error', '-i', src, out]);
      return { out, fps: await probeFps(src) };
    });
  },
  async palettegen(src, dir) {
    const out = path.join(dir, 'palettegen.gif');
    const graph = '[0:v]fps=10,scale=240:-1:flags=lanczos,split[a][b];[a]palettegen[p];[b][p]paletteuse';
    return measure(async () => {
      await run(FF.ffmpeg, ['-y', '-v', 'error', '-i', src, '-filter_complex', graph, out]);
      return { out, fps: 10 };
    });
  },
  async 'ours@r0'(src, dir) {
    const engine = new GifEngine({ targetBytes: 1e9, maxBytes: 1e9, tmpDir: dir });
    return ours(engine, src, dir, 'ours-r0.gif');
  },
  async ours(src, dir) {
    return ours(new GifEngine({ tmpDir: dir }), src, dir, 'ours.gif');
  },
  // the WeChat sticker platform's stricter limit: exactly 240×240 (centre crop), ≤ 500 KB hard, own ladder
  async platform(src, dir) {
    try {
      return await ours(new GifEngine({ tmpDir: dir }), src, dir, 'platform.gif', { square: true, limits: PLATFORM_LIMITS });
    } catch (e) {
      if (e.code !== 'MEDIA_TOO_LARGE') throw e;
      console.log(`${path.basename(src)}: platform limit not reached (smallest ${e.details.smallestBytes} B)`);
      return undefined;
    }
  },
  async gifski90(src, dir) {
    return gifski(src, dir, 90);
  },
  async gifski70(src, dir) {
    return gifski(src, dir, 70);
  },
};

async function ours(engine, src, dir, name, options) {
  const out = path.join(dir, name);
  return measure(async () => {
    const r = await engine.convert(src, options);
    fs.writeFileSync(out, r.gif);
    const rung = [...LADDER, ...PLATFORM_LIMITS.ladder].find(x => x.name === r.rung);
    return { out, fps: rung.fps, note: `${r.rung} (${r.attempts.length} enc)` };
  });
}

async function gifski(src, dir, q) {
  if (!GIFSKI) return undefined;
  const frames = fs.mkdtempSync(path.join(dir, 'frames-'));
  const out = path.join(dir, `gifski${q}.gif`);
  try {
    return await measure(async () => {
      await run(FF.ffmpeg, ['-y', '-v', 'error', '-i', src, '-vf', 'fps=10,scale=240:-1:flags=lanczos', path.join(frames, 'f%04d.png')]);
      const pngs = fs
        .readdirSync(frames)
        .sort()
        .map(f => path.join(frames, f));
      await run(GIFSKI, ['-Q', String(q), '--fps', '10', '-W', '240', '--quiet', '-o', out, ...pngs]);
      return { out, fps: 10 };
    });
  } finally {
    fs.rmSync(frames, { recursive: true, force: true });
  }
}

async function main() {
  const only = process.argv[2] && process.argv[2] !== 'all' ? process.argv[2].split(',') : Object.keys(CLIPS);
  const methods = process.argv[3] ? process.argv[3].split(',') : Object.keys(METHODS);
  const clipDir = path.join(os.tmpdir(), 'bqgf-bench-clips');
  fs.mkdirSync(clipDir, { recursive: true });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bqgf-bench-'));
  console.log(
    `ffmpeg: ${FF.ffmpeg} (${FF.source.ffmpeg}); gifski: ${GIFSKI ? 'yes' : 'not installed'}; ` +
      `gifsicle lossy rungs: ${new GifEngine().ladder.some(r => r.lossy) ? 'yes' : 'no'}; cpus: ${os.cpus().length}`,
  );
  const header = ['clip', 'method', 'sec', 'cpuSec', 'peakMB', 'bytes', 'KB', 'WxH', 'frames', 'SSIM', 'SSIM-Y', 'note'];
  const rows = [];
  try {
    for (const clip of only) {
      const src = makeClip(FF.ffmpeg, clip, clipDir);
      for (const [method, fn] of Object.entries(METHODS).filter(([m]) => methods.includes(m))) {
        const dir = fs.mkdtempSync(path.join(work, `${clip}-${method}-`.replace(/[^a-z0-9-]/gi, '_')));
        const r = await fn(src, dir);
        if (!r) continue;
        const gif = fs.readFileSync(r.out);
        const info = inspectGif(gif);
        const s = await ssim(src, r.out, r.fps, info.width, info.height);
        const row = {
          clip,
          method,
          sec: r.seconds.toFixed(2),
          cpuSec: r.cpu.toFixed(2),
          peakMB: r.peakMb.toFixed(0),
          bytes: gif.length,
          KB: (gif.length / 1024).toFixed(0),
          WxH: `${info.width}x${info.height}`,
          frames: info.frames,
          SSIM: s.ssim.toFixed(4),
          'SSIM-Y': s.ssimY.toFixed(4),
          note: r.note ?? '',
        };
        rows.push(row);
        console.log(header.map(k => String(row[k]).padEnd(k === 'note' ? 0 : k === 'clip' ? 19 : k === 'method' ? 11 : 8)).join(' '));
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  fs.writeFileSync(path.join(os.tmpdir(), 'bqgf-bench.json'), JSON.stringify(rows, null, 2));
  summary(rows);
}

function summary(rows) {
  const by = m => rows.filter(r => r.method === m);
  const ours = by('ours');
  const r0 = by('ours@r0');
  const g90 = new Map(by('gifski90').map(r => [r.clip, r]));
  const line = (ok, text) => console.log(`${ok ? 'PASS' : 'MISS'}  ${text}`);
  const wx = by('platform');
  if (wx.length) {
    console.log('\nTargets (platform: 表情开放平台 main image):');
    line(
      wx.every(r => r.WxH === '240x240'),
      `every clip exactly 240×240: ${wx.filter(r => r.WxH === '240x240').length}/${wx.length}`,
    );
    line(
      wx.every(r => r.bytes <= 500 * 1024),
      `every clip ≤ 500 KB: max ${Math.max(...wx.map(r => r.bytes))} B`,
    );
  }
  if (!ours.length) return;
  console.log('\nTargets (ours):');
  line(
    ours.every(r => r.bytes <= 1048576),
    `every clip ≤ 1 MB: max ${Math.max(...ours.map(r => r.bytes))} B`,
  );
  const under = ours.filter(r => r.bytes <= 512000).length;
  line(under * 2 > ours.length, `most ≤ 500 KB: ${under}/${ours.length}`);
  const low = r0.filter(r => Number(r.SSIM) < 0.95);
  line(
    low.length === 0,
    `SSIM ≥ 0.95 on the first rung: ${r0.length - low.length}/${r0.length}` + (low.length ? ` (below: ${low.map(r => `${r.clip} ${r.SSIM}`).join(', ')})` : ''),
  );
  const slow = ours.filter(r => Number(r.sec) > 3);
  line(
    slow.length === 0,
    `≤ 3 s per clip (wall): ${ours.length - slow.length}/${ours.length}` + (slow.length ? ` (over: ${slow.map(r => `${r.clip} ${r.sec}s`).join(', ')})` : ''),
  );
  const slowCpu = ours.filter(r => Number(r.cpuSec) > 3);
  line(
    slowCpu.length === 0,
    `≤ 3 CPU-s per clip (load-independent): ${ours.length - slowCpu.length}/${ours.length}` +
      (slowCpu.length ? ` (over: ${slowCpu.map(r => `${r.clip} ${r.cpuSec}s`).join(', ')})` : ''),
  );
  console.log(
    `load average at the end: ${os
      .loadavg()
      .map(x => x.toFixed(1))
      .join(' ')} on ${os.cpus().length} cpus`,
  );
  if (g90.size) {
    console.log('Quality vs gifski Q90 at the same 240 px / 10 fps (ours@r0; the shipped rung may be smaller to fit):');
    for (const r of r0) {
      const g = g90.get(r.clip);
      if (!g) continue;
      const dS = Number(r.SSIM) - Number(g.SSIM);
      line(dS >= -0.01 && r.bytes <= g.bytes, `${r.clip}: SSIM ${r.SSIM} vs ${g.SSIM} (${dS >= 0 ? '+' : ''}${dS.toFixed(4)}), ${r.KB} KB vs ${g.KB} KB`);
    }
  }
}

main().catch(err => {
  console.error(err);
  process.exit(1);
});
