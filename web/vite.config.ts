import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// In development Vite serves the app with hot reload and hands API calls to the server on port 3000,
// so the browser sees one origin (the session cookie and CSRF header work as in production).
const api = process.env.API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: {
      // The live socket goes through too. The server accepts a cookie-signed socket only from its own
      // origin (PUBLIC_URL, not Vite's port), so in development the proxy leaves the Origin out.
      '/api': {
        target: api,
        ws: true,
        configure: (proxy) => proxy.on('proxyReqWs', (request) => request.removeHeader('origin')),
      },
      '/health': api,
      '/ready': api,
    },
  },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
});
