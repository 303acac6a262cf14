import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/** Ant Design's Typography without its in-place editor: web/src/vendor/typography-not-editable.tsx says why. */
const typographyNotEditable: Plugin = {
  name: 'typography-not-editable',
  enforce: 'pre',
  resolveId(source, importer) {
    if (source === '../Editable' && importer && /[\\/]antd[\\/]es[\\/]typography[\\/]Base[\\/]index\.js$/.test(importer)) return `${__dirname}/src/vendor/typography-not-editable.tsx`;
    return null;
  },
};

// The API serves web/dist at `/` (api/app.ts); `npm run build:web` writes it.
export default defineConfig({
  root: __dirname,
  plugins: [react(), typographyNotEditable],
  // The forms' renderer never draws Markdown here: web/src/vendor/markdown-as-text.tsx says why.
  resolve: { alias: [{ find: /^markdown-to-jsx\/react$/, replacement: `${__dirname}/src/vendor/markdown-as-text.tsx` }] },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Each page is its own chunk (React.lazy in src/routes.tsx), and the bundler splits the
    // libraries they share; bench/web-bundle.ts measures what the first page loads.
    chunkSizeWarningLimit: 2000,
    rolldownOptions: {
      treeshake: {
        // Ant Design's rc-components do not say they are free of side effects, so a module of
        // theirs stayed whole once imported (rc-form's Field and its validator came with the
        // form context every Ant Design component reads). They have none: only what is used stays.
        moduleSideEffects: (id: string) => (/\/node_modules\/@rc-component\//.test(id) ? false : undefined),
      },
    },
  },
  server: { proxy: { '^/(?!src/|@|node_modules/|assets/).+': 'http://127.0.0.1:3000' } },
});
