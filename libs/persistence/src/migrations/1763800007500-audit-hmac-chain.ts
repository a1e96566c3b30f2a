import { MigrationInterface, QueryRunner } from 'typeorm';
import { GENESIS, auditHmacKey, entryHmac, fieldsOfRow } from '@app/audit';

/**
 * The audit chain becomes an HMAC (keyed by the installation's AUDIT_HMAC_KEY, never in the database) over a
 * canonical text (sorted keys). Entries written before this were plain SHA-256 over JavaScript's key order,
 * which verify could not reproduce from `jsonb` anyway, so they are re-chained here, a page at a time. Note:
 * the re-chain vouches for those entries only as they stood when this migration ran; tampering before it
 * cannot be told apart. Re-chaining needs the key, so this runs with the installation's secrets in reach.
 */
export class AuditHmacChain1763800007500 implements MigrationInterface {
  name = 'AuditHmacChain1763800007500';

  async up(q: QueryRunner): Promise<void> {
    const [{ n }] = await q.query('SELECT count(*)::int AS n FROM audit_log');
    if (n === 0) return;
    const key = auditHmacKey();
    await q.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update');
    let prev = GENESIS;
    let after = '0';
    for (;;) {
      const rows: any[] = await q.query(
        `SELECT seq, at, actor, actor_role, action, subject_type, subject_id, child_id, details
           FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT 5000`,
        [after],
      );
      if (!rows.length) break;
      const seqs: string[] = [];
      const prevs: string[] = [];
      const hashes: string[] = [];
      for (const r of rows) {
        const hash = entryHmac(key, prev, fieldsOfRow(r));
        seqs.push(String(r.seq));
        prevs.push(prev);
        hashes.push(hash);
        prev = hash;
      }
      await q.query(
        `UPDATE audit_log a SET prev_hash = u.prev_hash, hash = u.hash
           FROM unnest($1::bigint[], $2::text[], $3::text[]) AS u(seq, prev_hash, hash)
          WHERE a.seq = u.seq`,
        [seqs, prevs, hashes],
      );
      after = seqs[seqs.length - 1];
    }
    await q.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update');
  }

  async down(): Promise<void> {
    // The old plain SHA-256 chain is not restored: it could not be verified.
  }
}
