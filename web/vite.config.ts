import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// In development Vite serves the app with hot reload and hands API calls to the server on port 3000,
// so the browser sees one origin (the session cookie and CSRF header work as in production).
const api = process.env.API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: { '/api': api, '/health': api, '/ready': api },
  },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
});
