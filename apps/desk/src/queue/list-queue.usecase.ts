import { MalformedInputError } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import { FieldError } from '@app/http';
import type { QueueFilter } from './queue.openapi';
import { QUEUE_TOTAL_CAP, QueueRowView } from './desk-item.view';
import { DeskItemsRepository, QueueFilterValues } from './desk-items.repository';

export const QUEUE_STATES = ['awaiting', 'decided', 'closed', 'all'] as const;

export { QUEUE_TOTAL_CAP };

/**
 * The duty queue: items in due-time order, then priority (IMMEDIATE first), then contact id, filtered and
 * paged by keyset so a queue of thousands stays fast: the open states read the partial indexes of items
 * not closed (desk_items_queue for awaiting, desk_items_open), so their page and exact total cost the open
 * items, not the years of closed ones; a page taking in closed items reads desk_items_order in the queue's
 * order and stops at its limit, and its total is counted up to QUEUE_TOTAL_CAP.
 */
@Injectable()
export class ListQueueUseCase {
  constructor(private readonly items: DeskItemsRepository) {}

  async execute(
    f: QueueFilter,
    caller: string,
  ): Promise<{ items: QueueRowView[]; total: number; totalCapped: boolean; nextCursor: string | null }> {
    const errors: FieldError[] = [];
    const status = (f.status ?? 'awaiting') as QueueFilterValues['status'];
    const values: QueueFilterValues = {
      status,
      team: f.team,
      locality: f.locality,
      route: f.route,
      level: f.level === undefined ? undefined : Number(f.level),
      overdue: f.overdue === undefined ? undefined : f.overdue === 'true',
      availableTo: f.claimedBy === 'available' ? caller : undefined,
      claimedBy:
        f.claimedBy === undefined || f.claimedBy === 'available'
          ? undefined
          : f.claimedBy === 'me'
            ? caller
            : f.claimedBy,
    };
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

    const { rows, total } = await this.items.queuePage(values, limit + 1, cursor);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const nextCursor =
      rows.length > limit ? Buffer.from(JSON.stringify(last.keyset)).toString('base64url') : null;
    return {
      items: page.map((r) => r.view),
      total: Math.min(total, QUEUE_TOTAL_CAP),
      totalCapped: total > QUEUE_TOTAL_CAP,
      nextCursor,
    };
  }
}
