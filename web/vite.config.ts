import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The API serves web/dist at `/` (api/app.ts); `npm run build:web` writes it.
export default defineConfig({
  root: __dirname,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Each page is its own chunk (React.lazy in src/routes.tsx); the big libraries get their own
    // chunks so the first page loads only what it renders (bench/web-bundle.ts measures it).
    rollupOptions: {
      output: {
        manualChunks(id) {
          if (id.includes('node_modules/echarts') || id.includes('node_modules/zrender')) return 'echarts';
          if (id.includes('node_modules/@rjsf') || id.includes('node_modules/ajv')) return 'forms';
          return undefined;
        },
      },
    },
    chunkSizeWarningLimit: 2000,
  },
  server: { proxy: { '^/(?!src/|@|node_modules/|assets/).+': 'http://127.0.0.1:3000' } },
});
