/**
 * Swagger UI at /docs from the swagger-ui-dist package on disk (no CDN: the machine may have no internet).
 * Plugged into @midwayjs/swagger as `swagger.swaggerUIRender`; only the exact paths below answer, everything
 * else passes on. The page reads the document from /openapi.json (controller/docs.controller.ts).
 */
import { readFileSync } from 'fs';
import { join } from 'path';

const ASSETS: Record<string, string> = {
  'swagger-ui.css': '.css',
  'index.css': '.css',
  'swagger-ui-bundle.js': '.js',
  'swagger-ui-standalone-preset.js': '.js',
  'favicon-32x32.png': '.png',
  'favicon-16x16.png': '.png',
};

const PAGE = `<!DOCTYPE html>
<html lang="zh-CN">
  <head>
    <meta charset="UTF-8">
    <title>表情工坊 API</title>
    <link rel="stylesheet" type="text/css" href="/docs/swagger-ui.css" />
    <link rel="stylesheet" type="text/css" href="/docs/index.css" />
    <link rel="icon" type="image/png" href="/docs/favicon-32x32.png" sizes="32x32" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/docs/swagger-ui-bundle.js" charset="UTF-8"></script>
    <script src="/docs/swagger-ui-standalone-preset.js" charset="UTF-8"></script>
    <script src="/docs/swagger-initializer.js" charset="UTF-8"></script>
  </body>
</html>
`;

const INITIALIZER = `window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: '/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: 'StandaloneLayout',
  });
};
`;

type Rendered = { ext: string; content: string | Buffer } | undefined;

export function renderSwaggerUi(): (pathname: string) => Promise<Rendered> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const dist: string = require('swagger-ui-dist').getAbsoluteFSPath();
  const cache = new Map<string, Buffer>();
  return async pathname => {
    if (pathname === '/docs' || pathname === '/docs/' || pathname === '/docs/index.html') return { ext: '.html', content: PAGE };
    if (pathname === '/docs/swagger-initializer.js') return { ext: '.js', content: INITIALIZER };
    const name = pathname.startsWith('/docs/') ? pathname.slice('/docs/'.length) : '';
    const ext = ASSETS[name];
    if (!ext) return undefined;
    if (!cache.has(name)) cache.set(name, readFileSync(join(dist, name)));
    return { ext, content: cache.get(name)! };
  };
}
