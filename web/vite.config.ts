import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The API serves web/dist at `/` (api/app.ts); `npm run build:web` writes it.
export default defineConfig({
  root: __dirname,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Each page is its own chunk (React.lazy in src/routes.tsx), and the bundler splits the
    // libraries they share; bench/web-bundle.ts measures what the first page loads.
    chunkSizeWarningLimit: 2000,
  },
  server: { proxy: { '^/(?!src/|@|node_modules/|assets/).+': 'http://127.0.0.1:3000' } },
});
