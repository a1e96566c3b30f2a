import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/**
 * Issue 14, points 8 and 9, as shipped: the Docker deployment binds to localhost and has no default
 * password, and CI fails on a high or critical advisory in the dependencies the service runs.
 */
describe('deployment: compose file and the dependency audit', () => {
  describe('docker-compose.yml', () => {
    const compose = readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8');

    it('publishes every port on 127.0.0.1 only', () => {
      const published = [...compose.matchAll(/^\s+ports:\n((?:\s+(?:- |#).*\n)+)/gm)].flatMap((m) =>
        m[1]
          .split('\n')
          .map((l) => l.trim())
          .filter((l) => l.startsWith('- ')),
      );
      expect(published.length).toBeGreaterThanOrEqual(8); // Kafka, Postgres, Redis and the five apps
      for (const port of published) expect(port).toMatch(/^- "127\.0\.0\.1:\d+:\d+"$/);
    });

    it('requires the Postgres and Redis passwords (no default), and only migrate holds the owner password', () => {
      expect(compose).toMatch(/POSTGRES_PASSWORD: \$\{POSTGRES_PASSWORD:\?/);
      expect(compose).toMatch(/--requirepass", "\$\{REDIS_PASSWORD:\?/);
      expect(compose).toMatch(/REDIS_URL: redis:\/\/:\$\{REDIS_PASSWORD:\?/);
      const withOwnerPassword = compose
        .split('\n')
        .filter((l) => /DATABASE_URL: postgres:\/\/postgres:/.test(l));
      expect(withOwnerPassword).toHaveLength(1);
      const migrate = compose.slice(compose.indexOf('\n  migrate:'), compose.indexOf('\n  intake-api:'));
      expect(migrate).toContain(withOwnerPassword[0]);
      // One state directory (the generated secrets, the apps' database password among them) for all.
      expect(compose).toMatch(/- state:\/state/);
    });
  });

  describe('scripts/audit.sh (run by .ci/run)', () => {
    it('.ci/run runs the audit before the tests, and stops when it fails', () => {
      const ci = readFileSync(path.join(ROOT, '.ci/run'), 'utf8');
      expect(ci).toMatch(/^set -euo pipefail$/m);
      const audit = ci.indexOf('bash scripts/audit.sh');
      expect(audit).toBeGreaterThan(0);
      expect(audit).toBeLessThan(ci.indexOf('npm test'));
    });

    /** Runs the script with a stand-in `npm` that answers as given and records its arguments. */
    const runAudit = (npmOutput: string, npmStatus: number, env: Record<string, string> = {}) => {
      const bin = mkdtempSync(path.join(tmpdir(), 'fake-npm-'));
      const args = path.join(bin, 'args');
      writeFileSync(
        path.join(bin, 'npm'),
        `#!/usr/bin/env bash\necho "$@" > ${JSON.stringify(args)}\ncat <<'OUT'\n${npmOutput}\nOUT\nexit ${npmStatus}\n`,
      );
      chmodSync(path.join(bin, 'npm'), 0o755);
      const run = spawnSync('bash', [path.join(ROOT, 'scripts/audit.sh')], {
        env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, AUDIT_REQUIRED: '', ...env },
        encoding: 'utf8',
      });
      return { status: run.status, out: run.stdout + run.stderr, args: readFileSync(args, 'utf8').trim() };
    };

    it('audits what the service runs (dev tools excluded) at level high', () => {
      expect(runAudit('found 0 vulnerabilities', 0).args).toBe('audit --omit=dev --audit-level=high');
    });

    it('fails on a high or critical advisory', () => {
      const report = [
        '# npm audit report',
        '',
        'example-lib  <1.2.3',
        'Severity: high',
        'Prototype Pollution - https://github.com/advisories/GHSA-xxxx-xxxx-xxxx',
        '',
        '1 high severity vulnerability',
      ].join('\n');
      const run = runAudit(report, 1);
      expect(run.status).toBe(1);
      expect(run.out).toMatch(/high or critical advisories found/);
    });

    it('passes when there is none', () => {
      const run = runAudit('found 0 vulnerabilities', 0);
      expect(run.status).toBe(0);
      expect(run.out).toMatch(/no high or critical advisory/);
    });

    it('says loudly when the registry cannot audit, and fails then when AUDIT_REQUIRED=1', () => {
      const down = 'npm ERR! audit endpoint returned an error\nnpm ERR! 405 Method Not Allowed';
      const lenient = runAudit(down, 1);
      expect(lenient.status).toBe(0);
      expect(lenient.out).toMatch(/NOT audited/);
      expect(runAudit(down, 1, { AUDIT_REQUIRED: '1' }).status).toBe(1);
    });
  });

  it('the lock file the audit reads is committed and matches package.json', () => {
    const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'));
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(lock.packages[''].dependencies).toEqual(pkg.dependencies);
    expect(
      execFileSync('git', ['ls-files', 'package-lock.json'], { cwd: ROOT, encoding: 'utf8' }).trim(),
    ).toBe('package-lock.json');
  });
});
