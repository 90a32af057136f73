import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The admin center. `npm run build:web` writes web/dist, which the API server serves at `/`;
 * `npm run dev:web` serves it with hot reload and proxies /api to the server
 * (BILLING_CENTER_API_URL, default http://127.0.0.1:3000).
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // The OpenAPI JSON is for types only; nothing imports it at run time.
    reportCompressedSize: false,
  },
  server: {
    port: Number(process.env.WEB_PORT ?? 5173),
    proxy: {
      '/api': { target: process.env.BILLING_CENTER_API_URL ?? 'http://127.0.0.1:3000', changeOrigin: false },
    },
  },
});
