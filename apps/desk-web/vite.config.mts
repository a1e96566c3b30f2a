import { cpSync } from 'node:fs';
import path from 'node:path';
import { defineConfig, Plugin } from 'vite';

const root = path.resolve(import.meta.dirname, '../..');
const DESK_WEB_OUT = path.join(root, 'dist/apps/desk-web');

/**
 * The design systems' precompiled CSS refers to its images as /assets/images/...: copy those (and not the
 * GOV.UK Transport font, which is for gov.uk only: the app sets Arial) beside the bundle, served locally.
 */
function designSystemAssets(): Plugin {
  return {
    name: 'design-system-assets',
    writeBundle() {
      const to = path.join(DESK_WEB_OUT, 'assets/images');
      cpSync(path.join(root, 'node_modules/govuk-frontend/dist/govuk/assets/images'), to, {
        recursive: true,
      });
      cpSync(path.join(root, 'node_modules/@ministryofjustice/frontend/moj/assets/images'), to, {
        recursive: true,
      });
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  // JSX by Vite's own transform (React 17+ automatic runtime): no React plugin needed for a production build.
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  resolve: {
    alias: {
      // Only the pure vocabulary modules are imported from here (labels.spec.ts checks labels.ts stays so).
      '@app/contracts': path.join(root, 'libs/contracts/src'),
      // The staff roles alone (plain data): which roles see which pages, as the server's role rules say.
      '@app/auth/roles': path.join(root, 'libs/auth/src/roles.ts'),
      // The typed staff client: openapi-fetch over the browser's fetch, types generated from the OpenAPI document.
      '@app/sdk': path.join(root, 'libs/sdk/src/index.ts'),
    },
  },
  build: {
    outDir: DESK_WEB_OUT,
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 600,
    // The design systems' CSS is shipped minified, with old-browser hacks lightningcss refuses to re-minify.
    cssMinify: false,
  },
  plugins: [designSystemAssets()],
  logLevel: 'error',
});
