import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const webRoot = fileURLToPath(new URL('.', import.meta.url));

// The API server (npm start) listens on 3000 unless PORT says otherwise; `vite` in dev proxies to it.
const apiTarget = process.env.IPSTATION_API_URL ?? 'http://localhost:3000';

export default defineConfig(({ command }) => {
  // Vite picks development or production React from NODE_ENV, read after this file loads. A build
  // is always a production bundle, even when the caller runs with NODE_ENV=test (the browser tests
  // build from inside Vitest) or development; the caller's value comes back when the build closes.
  const callerNodeEnv = process.env.NODE_ENV;
  if (command === 'build') process.env.NODE_ENV = 'production';
  const restoreNodeEnv: Plugin = {
    name: 'ipstation:restore-node-env',
    apply: 'build',
    closeBundle() {
      if (callerNodeEnv === undefined) delete process.env.NODE_ENV;
      else process.env.NODE_ENV = callerNodeEnv;
    },
  };

  return {
    root: webRoot,
    base: '/',
    plugins: [react(), restoreNodeEnv],
    build: {
      outDir: fileURLToPath(new URL('./dist', import.meta.url)),
      emptyOutDir: true,
      // Vendor code in a few long-cached chunks; each page is its own chunk.
      chunkSizeWarningLimit: 1500,
      rolldownOptions: {
        output: {
          codeSplitting: {
            groups: [
              { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom)[\\/]/, priority: 3 },
              { name: 'antd', test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[^\\/]+|dayjs)[\\/]/, priority: 2 },
              { name: 'vendor', test: /node_modules[\\/]/, priority: 1 },
            ],
          },
        },
      },
    },
    server: {
      proxy: {
        '/api': apiTarget,
        '/healthz': apiTarget,
      },
    },
  };
});
