/**
 * Stands in for Ant Design's in-place text editor (vite.config.ts puts it in place of
 * antd/es/typography/Editable.js): no text of this application is edited in place, and the
 * editor brought TextArea and Input (about 9 KB gzipped) to every page through Typography,
 * which every page shows (bench/web-bundle.ts). A Typography given `editable` stops here, with
 * this message, instead of drawing nothing: take the plugin out of vite.config.ts to use it.
 */
export default function Editable(): never {
  throw new Error('Typography `editable` is left out of this build: see typography-not-editable in web/vite.config.ts');
}
