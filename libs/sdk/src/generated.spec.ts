import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

// The generated documents and types are committed (a fresh clone type-checks and the web app builds
// without first booting Nest); this keeps them equal to what the apps produce now. A child process,
// because openapi-typescript loads ES modules that jest's CommonJS runtime cannot.
describe('libs/sdk generated files', () => {
  it('match the OpenAPI documents the apps produce (run `npm run sdk` when this fails)', () => {
    const run = spawnSync(
      process.execPath,
      ['-r', '@swc-node/register', 'scripts/sdk/generate.ts', '--check'],
      { cwd: resolve(__dirname, '../../..'), encoding: 'utf8' },
    );
    expect({ status: run.status, stderr: run.stderr.trim() }).toEqual({ status: 0, stderr: '' });
  }, 90_000);
});
