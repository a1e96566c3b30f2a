// Compiles apps/ and libs/ to dist/ with swc (path aliases rewritten from .swcrc), copying data files, then
// builds the duty desk web app (apps/desk-web) with Vite to dist/apps/desk-web.
// Type-checking is `npm run typecheck` (part of `npm run lint`); swc keeps the build to a few seconds.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
// The SDK first: its OpenAPI documents and types come from the apps' sources (scripts/sdk/generate.ts).
execFileSync(process.execPath, ['-r', '@swc-node/register', 'scripts/sdk/generate.ts'], {
  cwd: root,
  stdio: 'inherit',
});
fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
execFileSync(
  process.execPath,
  [
    require.resolve('@swc/cli/bin/swc.js'),
    'apps',
    'libs',
    '-d',
    'dist',
    '--config-file',
    '.swcrc',
    '--copy-files',
    '--ignore',
    '**/*.spec.ts,apps/desk-web/**',
    '--quiet',
  ],
  { cwd: root, stdio: 'inherit' },
);
execFileSync(
  process.execPath,
  [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'apps/desk-web/vite.config.mts'],
  // A production bundle whatever NODE_ENV the caller has (test would give React's development build).
  { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } },
);
console.log('Built to dist/');
