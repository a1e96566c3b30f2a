import { Controller, MessageEvent, Sse } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { interval, map, merge, Observable } from 'rxjs';
import { CurrentStaff, StaffActor, StaffOnly } from '@app/auth';
import { QUEUE_READERS } from '../desk-roles';
import { HeldItemNotifier } from './held-item-notifier';
import { StreamEventsDocs } from './events.openapi';

@ApiTags('events')
@ApiBearerAuth()
@Controller('v1/events')
export class EventsController {
  constructor(private readonly notifier: HeldItemNotifier) {}

  /**
   * Server-sent events for the signed-in worker (read with fetch, so the bearer token goes in the header):
   * `held-item-raised` when a re-triage raised an item they hold, and a `ping` every 20 seconds. Kept for
   * v1 clients; the web pages use /v1/live, which also re-checks the token every second.
   */
  @Sse()
  @StaffOnly(...QUEUE_READERS)
  @ApiOperation({
    operationId: 'streamEvents',
    summary: 'Your notifications as server-sent events (queue readers); browsers use /v1/live',
    deprecated: true,
  })
  @StreamEventsDocs()
  stream(@CurrentStaff() actor: StaffActor): Observable<MessageEvent> {
    return merge(
      this.notifier.for(actor.username).pipe(map((n) => ({ type: n.type, data: n }))),
      interval(20_000).pipe(map(() => ({ type: 'ping', data: {} }))),
    );
  }
}
