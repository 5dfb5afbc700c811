import type { UserConfigExport } from '@tarojs/cli'

export default {
  mini: {},
  h5: {
    // keep the bundle readable enough for debugging; no source maps in production
    enableSourceMap: false,
  },
} satisfies UserConfigExport<'webpack5'>
