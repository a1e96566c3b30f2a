import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { rmSync } from 'node:fs';
import {
  GENESIS,
  appendAudit,
  canonicalJson,
  checkpointFile,
  entryHmac,
  fieldsOfRow,
  verifyAuditChain,
  writeCheckpoint,
} from '@app/audit';
import { isolateTestFile } from '@app/testing';
import { AuditHmacChain1763800007500 } from '../../libs/persistence/src/migrations/1763800007500-audit-hmac-chain';
import { ownerDataSource, RunningApp, startDesk } from '../support/apps';
import { call, minutesFromNow, seedItem, staffUser } from '../desk/desk-harness';
import { placementBody, seedChild } from '../placement/placement-support';

/**
 * The audit trail is tamper-evident against someone who can rewrite the database (the table's owner) but
 * does not hold AUDIT_HMAC_KEY: every test tampers as the owner would (`ds` is the owner's connection; the
 * app's own login cannot, test/security/database-role.test.ts), then verifies.
 */
describe('security: the audit trail detects tampering', () => {
  let desk: RunningApp;
  let ds: DataSource;
  let admin: { username: string; token: string };

  const asOwner = async (sql: string, params: unknown[] = []) => {
    await ds.transaction(async (m) => {
      await m.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update');
      await m.query(sql, params);
      await m.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update');
    });
  };
  const verify = async () => {
    const res = await call(desk, admin.token, 'GET', '/v1/audit/verify');
    expect(res.status).toBe(200);
    return res.body;
  };
  const head = async () => BigInt((await ds.query('SELECT max(seq) AS s FROM audit_log'))[0].s as string);

  beforeAll(async () => {
    isolateTestFile();
    desk = await startDesk();
    ds = await ownerDataSource();
    admin = await staffUser(desk, 'admin');
  });
  afterAll(async () => {
    await desk?.close();
    await ds?.destroy();
  });

  it('the live verify is ok after a mixed workload (logins, failed logins, reads, decisions, placement requests, merges, returns)', async () => {
    const worker = await staffUser(desk, 'duty_worker');
    const manager = await staffUser(desk, 'manager');
    const sw = await staffUser(desk, 'social_worker');
    const failed = await fetch(`${desk.url}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: worker.username, password: 'not-the-password' }),
    });
    expect(failed.status).toBe(401);
    const { contactId, childId } = await seedItem(ds, { dueAt: minutesFromNow(60) });
    expect((await call(desk, worker.token, 'GET', `/v1/children/${childId}`)).status).toBe(200);
    expect((await call(desk, worker.token, 'POST', `/v1/queue/${contactId}/claim`)).status).toBe(200);
    const decided = await call(desk, worker.token, 'POST', `/v1/queue/${contactId}/confirm`, {
      note: 'Seen.',
    });
    expect(decided.status).toBe(200);
    const child = await seedChild(ds);
    const placed = await call(desk, sw.token, 'POST', '/v1/placement-requests', placementBody(child.childId));
    expect(placed.status).toBe(201);
    expect((await call(desk, sw.token, 'GET', `/v1/placement-requests/${placed.body.id}`)).status).toBe(200);
    const year = new Date().getUTCFullYear() - 1;
    const annexA = await fetch(`${desk.url}/v1/returns/annex-a?from=${year}-04-01&to=${year + 1}-03-31`, {
      headers: { authorization: `Bearer ${manager.token}` },
    });
    expect(annexA.status).toBe(200);
    // A merge's entry, as the child view writes it: nested details whose keys jsonb gives back reordered.
    await appendAudit(ds, {
      actor: worker.username,
      actorRole: 'duty_worker',
      action: 'child.merge',
      subjectType: 'child',
      subjectId: childId,
      childId: childId.toUpperCase(),
      details: {
        zeta: 1,
        mergedChildId: child.childId,
        alpha: { yy: [3, { b: 1, a: 2 }], aa: null },
        at: new Date(),
      },
    });
    const actions: { action: string }[] = await ds.query('SELECT DISTINCT action FROM audit_log');
    expect(actions.map((a) => a.action)).toEqual(
      expect.arrayContaining(['login', 'login_failed', 'child.read', 'decision.confirm', 'child.merge']),
    );
    expect(actions.length).toBeGreaterThanOrEqual(8);
    const res = await verify();
    expect(res).toEqual({ ok: true, checked: Number(await head()) });
  });

  it("changing an entry's payload is detected", async () => {
    await asOwner(`UPDATE audit_log SET details = '{"note":"edited"}' WHERE seq = 3`);
    expect(await verify()).toMatchObject({ ok: false, brokenAt: '3', reason: expect.stringMatching(/HMAC/) });
    await restore();
  });

  it('deleting an entry in the middle is detected', async () => {
    await asOwner('DELETE FROM audit_log WHERE seq = 4');
    expect(await verify()).toMatchObject({ ok: false, brokenAt: '5', reason: 'entry 4 is missing' });
    await restore();
  });

  it('re-hashing an entry with plain SHA-256 (an attacker without the key) is detected', async () => {
    // The attacker edits entry 2 and re-hashes the whole chain from there on, as the old chain allowed.
    const rows: any[] = await ds.query('SELECT * FROM audit_log WHERE seq >= 1 ORDER BY seq');
    let prev = GENESIS;
    for (const r of rows) {
      if (String(r.seq) === '2') r.actor = 'someone-else';
      const f = fieldsOfRow(r);
      const hash = createHash('sha256')
        .update(prev)
        .update('\n')
        .update(
          canonicalJson([
            f.seq,
            f.at,
            f.actor,
            f.actorRole,
            f.action,
            f.subjectType,
            f.subjectId,
            f.childId,
            f.details,
          ]),
        )
        .digest('hex');
      await asOwner('UPDATE audit_log SET actor = $1, prev_hash = $2, hash = $3 WHERE seq = $4', [
        r.actor,
        prev,
        hash,
        r.seq,
      ]);
      prev = hash;
    }
    expect(await verify()).toMatchObject({ ok: false, brokenAt: '1', reason: expect.stringMatching(/HMAC/) });
    await restore();
  });

  it('deleting the newest entries is detected by the signed checkpoint', async () => {
    for (let i = 0; i < 3; i++)
      await appendAudit(ds, { actor: admin.username, action: 'probe', subjectType: 'test', details: { i } });
    // The checkpoint after an append (at most once a second), or at verify time.
    await writeCheckpoint(ds);
    const last = await head();
    await asOwner('DELETE FROM audit_log WHERE seq > $1', [String(last - 2n)]);
    const res = await verify();
    expect(res).toMatchObject({ ok: false, brokenAt: String(last) });
    expect(res.reason).toMatch(/checkpointed/);
    // ...and re-appending new entries in their place does not hide it.
    await appendAudit(ds, { actor: admin.username, action: 'probe', subjectType: 'test' });
    await appendAudit(ds, { actor: admin.username, action: 'probe', subjectType: 'test' });
    expect(await verify()).toMatchObject({ ok: false, brokenAt: String(last) });
  });

  it('verify walks 20,000 entries in pages of 5,000', async () => {
    // A chain of its own (the one above ends tampered): an empty table, no checkpoint, then 20,000 entries
    // chained with the installation's key, inserted in bulk.
    await asOwner('DELETE FROM audit_log');
    const [{ database }] = await ds.query('SELECT current_database() AS database');
    rmSync(checkpointFile(database), { force: true });
    const key = process.env.AUDIT_HMAC_KEY!;
    const at = new Date().toISOString();
    let prev = GENESIS;
    for (let page = 0; page < 4; page++) {
      const cols: string[][] = [[], [], [], [], []];
      for (let i = page * 5000 + 1; i <= (page + 1) * 5000; i++) {
        const f = {
          seq: String(i),
          at,
          actor: 'bulk',
          actorRole: null,
          action: 'probe',
          subjectType: 'test',
          subjectId: null,
          childId: null,
          details: { i },
        };
        const hash = entryHmac(key, prev, f);
        [f.seq, JSON.stringify(f.details), prev, hash].forEach((v, k) => cols[k].push(v));
        prev = hash;
      }
      await ds.query(
        `INSERT INTO audit_log (seq, at, actor, action, subject_type, details, prev_hash, hash)
         SELECT s, $5, 'bulk', 'probe', 'test', d::jsonb, p, h FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[]) AS u(s, d, p, h)`,
        [cols[0], cols[1], cols[2], cols[3], at],
      );
    }
    const pages: number[] = [];
    const query = ds.query.bind(ds);
    const spy = jest.spyOn(ds, 'query').mockImplementation((async (sql: string, params?: any[]) => {
      const out = await query(sql, params);
      if (/FROM audit_log WHERE seq >= \$1/.test(sql)) pages.push(out.length);
      return out;
    }) as any);
    try {
      expect(await verifyAuditChain(ds)).toEqual({ ok: true, checked: 20_000 });
    } finally {
      spy.mockRestore();
    }
    expect(pages).toEqual([5000, 5000, 5000, 5000, 0]);
    // The verify checkpointed the head: removing the last entry is now caught.
    await asOwner('DELETE FROM audit_log WHERE seq = 20000');
    expect(await verifyAuditChain(ds)).toMatchObject({ ok: false, brokenAt: '20000' });
  }, 120_000);

  it('the migration re-chains entries written before the HMAC (plain SHA-256, JavaScript key order)', async () => {
    await asOwner('DELETE FROM audit_log');
    const [{ database }] = await ds.query('SELECT current_database() AS database');
    rmSync(checkpointFile(database), { force: true });
    for (let i = 1; i <= 3; i++)
      await ds.query(
        `INSERT INTO audit_log (seq, at, actor, action, subject_type, details, prev_hash, hash)
         VALUES ($1, now(), 'legacy', 'login', 'staff_user', '{"z":1,"a":{"y":2,"b":3}}', $2, $3)`,
        [i, 'f'.repeat(64), createHash('sha256').update(String(i)).digest('hex')],
      );
    expect(await verifyAuditChain(ds)).toMatchObject({ ok: false, brokenAt: '1' });
    const runner = ds.createQueryRunner();
    try {
      await new AuditHmacChain1763800007500().up(runner);
    } finally {
      await runner.release();
    }
    expect(await verifyAuditChain(ds)).toEqual({ ok: true, checked: 3 });
    await expect(ds.query('DELETE FROM audit_log WHERE seq = 3')).rejects.toThrow(/append-only/);
  });

  /** Puts the chain back as it was before each tamper (kept in `pristine`). */
  let pristine: any[] | null = null;
  async function restore() {
    await asOwner('DELETE FROM audit_log');
    for (const r of pristine!)
      await asOwner(
        `INSERT INTO audit_log (seq, at, actor, actor_role, action, subject_type, subject_id, child_id, details, prev_hash, hash)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)`,
        [
          r.seq,
          r.at,
          r.actor,
          r.actor_role,
          r.action,
          r.subject_type,
          r.subject_id,
          r.child_id,
          JSON.stringify(r.details),
          r.prev_hash,
          r.hash,
        ],
      );
    expect(await verify()).toMatchObject({ ok: true });
  }
  beforeEach(async () => {
    if (ds) pristine = await ds.query('SELECT * FROM audit_log ORDER BY seq');
  });
});
