import { MalformedInputError } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { FieldError } from '@app/http';
import type { QueueFilter } from './queue.openapi';
import { QUEUE_ROW_COLUMNS, QueueRowView, toQueueRowView } from './desk-item.view';

export const QUEUE_STATES = ['awaiting', 'decided', 'closed', 'all'] as const;

/**
 * A filter taking in closed items (status closed or all) matches the years of history: its total is counted
 * up to this many and no further (the answer says so), so its cost is bounded whatever the history.
 */
export const QUEUE_TOTAL_CAP = 10_000;

/**
 * The duty queue: items in due-time order, then priority (IMMEDIATE first), then contact id, filtered and
 * paged by keyset so a queue of thousands stays fast: the open states read the partial indexes of items
 * not closed (desk_items_queue for awaiting, desk_items_open), so their page and exact total cost the open
 * items, not the years of closed ones; a page taking in closed items reads desk_items_order in the queue's
 * order and stops at its limit, and its total is counted up to QUEUE_TOTAL_CAP.
 */
@Injectable()
export class ListQueueUseCase {
  constructor(private readonly ds: DataSource) {}

  async execute(
    f: QueueFilter,
    caller: string,
  ): Promise<{ items: QueueRowView[]; total: number; totalCapped: boolean; nextCursor: string | null }> {
    const errors: FieldError[] = [];
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    const status = f.status ?? 'awaiting';
    if (status !== 'all') add('d.state = ?', status);
    const withClosed = status === 'all' || status === 'closed';
    // Said outright (the planner then need not prove it from the state asked for): the open items' index.
    if (!withClosed) where.push(`d.state <> 'closed'`);
    if (f.team !== undefined) add('d.team = ?', f.team);
    if (f.locality !== undefined) add('d.locality = ?', f.locality);
    if (f.route !== undefined) add('d.route = ?', f.route);
    if (f.level !== undefined) add('d.need_level = ?', Number(f.level));
    if (f.overdue !== undefined)
      where.push(
        f.overdue === 'true'
          ? `(d.overdue OR (d.state = 'awaiting' AND d.due_at <= now()))`
          : `NOT (d.overdue OR (d.state = 'awaiting' AND d.due_at <= now()))`,
      );
    // `available`: what the caller may pick up or holds; not what a colleague holds (the worker's own queue).
    if (f.claimedBy === 'available') add('(d.claimed_by IS NULL OR d.claimed_by = ?)', caller);
    else if (f.claimedBy !== undefined) add('d.claimed_by = ?', f.claimedBy === 'me' ? caller : f.claimedBy);
    const limit = f.limit === undefined ? 100 : Number(f.limit);
    let cursor: [string, number, string] | null = null;
    if (f.after !== undefined) {
      try {
        cursor = JSON.parse(Buffer.from(f.after, 'base64url').toString('utf8'));
        if (!Array.isArray(cursor) || cursor.length !== 3) throw new Error('bad cursor');
      } catch {
        errors.push({ path: 'query:after', message: 'is not a cursor this API gave' });
      }
    }
    if (errors.length) throw new MalformedInputError(errors);

    const filterSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await this.ds.query(
      withClosed
        ? `SELECT count(*)::int AS total FROM (SELECT 1 FROM desk_items d ${filterSql} LIMIT ${QUEUE_TOTAL_CAP + 1}) x`
        : `SELECT count(*)::int AS total FROM desk_items d ${filterSql}`,
      params,
    );
    const pageWhere = [...where];
    const pageParams = [...params];
    if (cursor) {
      pageParams.push(cursor[0], cursor[1], cursor[2]);
      const n = pageParams.length;
      pageWhere.push(
        `(d.due_at, d.priority_rank, d.contact_id) > ($${n - 2}::timestamptz, $${n - 1}::smallint, $${n}::uuid)`,
      );
    }
    pageParams.push(limit + 1);
    const rows = await this.ds.query(
      // The cursor carries due_at exactly (microseconds): a JS Date would round it and repeat a row.
      `SELECT ${QUEUE_ROW_COLUMNS}, d.due_at::text AS cursor_due_at FROM desk_items d JOIN contacts c ON c.id = d.contact_id
        ${pageWhere.length ? `WHERE ${pageWhere.join(' AND ')}` : ''}
        ORDER BY d.due_at, d.priority_rank, d.contact_id LIMIT $${pageParams.length}`,
      pageParams,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const nextCursor =
      rows.length > limit
        ? Buffer.from(
            JSON.stringify([last.cursor_due_at, Number(last.priority_rank), last.contact_id]),
          ).toString('base64url')
        : null;
    return {
      items: page.map(toQueueRowView),
      total: Math.min(total, QUEUE_TOTAL_CAP),
      totalCapped: total > QUEUE_TOTAL_CAP,
      nextCursor,
    };
  }
}
