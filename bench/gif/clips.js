'use strict';
/**
 * The fixed bench clips, made with ffmpeg's own sources so the bench needs no downloads.
 * Each is 5 s of H.264 yuv420p at 24 fps, like a provider's MP4.
 */
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const DURATION = 5;

/** One rendered fractal frame, looped at 24 fps (rendering a fractal per frame is far too slow). */
const STILL = (w, h, scale) =>
  `mandelbrot=s=${w}x${h}:maxiter=256:start_scale=${scale}:end_scale=${scale}:` +
  `start_x=-0.743643887:start_y=0.131825904:r=24,trim=end_frame=1,loop=loop=-1:size=1,setpts=N/24/TB`;

/** name → { size, graph } where graph is a -filter_complex that ends in [out]. */
const CLIPS = {
  // Busy synthetic pattern with a moving gradient and a clock: hard for a palette.
  testsrc2: { size: '624x624', graph: `testsrc2=s=624x624:r=24:d=${DURATION}[out]` },
  // A sticker-like clip: a coloured subject moving on a still, noisy background.
  'box-on-still': {
    size: '624x624',
    graph:
      `color=c=0x7a9cc0:s=624x624:r=24:d=${DURATION},noise=alls=24:allf=u[bg];` +
      `testsrc=s=200x200:r=24:d=${DURATION}[fg];` +
      `[bg][fg]overlay=x='212+180*sin(2*PI*t/2.5)':y='212+120*cos(2*PI*t/2.5)':shortest=1[out]`,
  },
  // Smooth gradients and fine detail, slowly zooming: like an AI-generated scene.
  'fractal-zoom': {
    size: '624x624',
    graph: `${STILL(1248, 1248, 0.3)},zoompan=z='1+0.004*on':d=1:s=624x624:fps=24:` + `x='iw/2-(iw/zoom/2)':y='ih/2-(ih/zoom/2)'[out]`,
  },
  // Whole-frame camera pan over a still picture: every pixel changes every frame.
  pan: { size: '624x624', graph: `${STILL(1200, 900, 0.5)},crop=624:624:x='t*100':y='t*50'[out]` },
  // Landscape clip (aspect kept by default): a subject crossing a smooth gradient.
  'landscape-gradient': {
    size: '1280x720',
    graph:
      `nullsrc=s=1280x720:r=24,geq=r='X/W*200+30':g='Y/H*180+40':b='128+60*sin(X/90)',` +
      `trim=end_frame=1,loop=loop=-1:size=1,setpts=N/24/TB[bg];` +
      `testsrc2=s=240x240:r=24:d=${DURATION}[fg];` +
      `[bg][fg]overlay=x='t*200':y='240+100*sin(2*PI*t/2)':shortest=1[out]`,
  },
  // Worst case: temporal noise over every pixel. Expected to need the deepest rungs.
  'noise-worst': {
    size: '624x624',
    graph: `testsrc2=s=624x624:r=24:d=${DURATION},noise=alls=40:allf=t+u[out]`,
  },
};

function makeClip(ffmpegPath, name, dir) {
  const clip = CLIPS[name];
  if (!clip) throw new Error(`unknown clip ${name}; known: ${Object.keys(CLIPS).join(', ')}`);
  const out = path.join(dir, `${name}.mp4`);
  if (fs.existsSync(out)) return out;
  execFileSync(ffmpegPath, [
    '-y',
    '-v',
    'error',
    '-filter_complex',
    clip.graph,
    '-map',
    '[out]',
    '-t',
    String(DURATION),
    '-c:v',
    'libx264',
    '-preset',
    'fast',
    '-crf',
    '18',
    '-pix_fmt',
    'yuv420p',
    '-movflags',
    '+faststart',
    out,
  ]);
  return out;
}

module.exports = { CLIPS, makeClip, DURATION };
