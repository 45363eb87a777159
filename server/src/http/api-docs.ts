import fs from 'node:fs';
import path from 'node:path';
import type { Hono } from 'hono';
import { getAbsoluteFSPath } from 'swagger-ui-dist';
import type { AppEnv } from './types';

const ASSETS = new Set(['swagger-ui.css', 'swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js', 'favicon-32x32.png']);
const TYPES: Record<string, string> = { '.css': 'text/css', '.js': 'text/javascript', '.png': 'image/png' };

/** Interactive API docs served from the swagger-ui-dist package: no CDN, works on a closed network. */
export function mountApiDocs(app: Hono<AppEnv>) {
  const dir = getAbsoluteFSPath();
  app.get('/api/docs', (c) =>
    c.html(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>ipstation API</title>
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div><script src="/api/docs/assets/swagger-ui-bundle.js"></script><script src="/api/docs/init.js"></script></body></html>`),
  );
  app.get('/api/docs/init.js', (c) =>
    // validatorUrl: null, or the viewer sends the document to validator.swagger.io (off-network).
    c.body(`window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui', validatorUrl: null });`, 200, {
      'Content-Type': 'text/javascript',
    }),
  );
  app.get('/api/docs/assets/:file', (c) => {
    const file = c.req.param('file');
    if (!ASSETS.has(file)) return c.notFound();
    const body = fs.readFileSync(path.join(dir, file));
    return c.body(body, 200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'public, max-age=86400' });
  });
}
