import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import devConfig from './dev'
import prodConfig from './prod'

/**
 * Taro build configuration.
 *
 * Output: dist/weapp (WeChat DevTools opens it through the root project.config.json) and dist/h5
 * (served by the backend at `/`, hash router).
 *
 * The backend base URL is fixed at build time from TARO_APP_API_BASE:
 *   - H5 default: '' (same origin, the backend serves the page)
 *   - weapp default: 'http://127.0.0.1:7001' (local backend; set a real https domain for release)
 */
export default defineConfig<'webpack5'>(async merge => {
  const taroEnv = process.env.TARO_ENV || 'weapp'
  const defaultApiBase = taroEnv === 'h5' ? '' : 'http://127.0.0.1:7001'
  const apiBase = (process.env.TARO_APP_API_BASE ?? defaultApiBase).replace(/\/+$/, '')

  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'biaoqing-gongfang',
    date: '2025-1-1',
    designWidth: 750,
    deviceRatio: {
      640: 2.34 / 2,
      750: 1,
      375: 2,
      828: 1.81 / 2,
    },
    sourceRoot: 'src',
    outputRoot: `dist/${taroEnv}`,
    plugins: [],
    defineConstants: {
      'process.env.TARO_APP_API_BASE': JSON.stringify(apiBase),
    },
    copy: {
      patterns: [],
      options: {},
    },
    framework: 'react',
    compiler: {
      type: 'webpack5',
      prebundle: { enable: false },
    },
    cache: {
      enable: false,
    },
    mini: {
      postcss: {
        pxtransform: {
          enable: true,
          config: {},
        },
        cssModules: {
          enable: false,
          config: {
            namingPattern: 'module',
            generateScopedName: '[name]__[local]___[hash:base64:5]',
          },
        },
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      router: {
        mode: 'hash',
      },
      webpackChain(chain) {
        // a mini-program-sized app: the default 244 KiB hint is noise here
        chain.performance.hints(false)
      },
      postcss: {
        autoprefixer: {
          enable: true,
          config: {},
        },
        cssModules: {
          enable: false,
          config: {
            namingPattern: 'module',
            generateScopedName: '[name]__[local]___[hash:base64:5]',
          },
        },
      },
    },
  }

  if (process.env.NODE_ENV === 'development') {
    return merge({}, baseConfig, devConfig)
  }
  return merge({}, baseConfig, prodConfig)
})
