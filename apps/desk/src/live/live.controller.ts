import { Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentStaff, Public, STAFF_ROLES, StaffActor, StaffOnly, StaffTokens } from '@app/auth';
import { Problem } from '@app/http';
import { AlertFeedHub } from '../alerts-feed/alert-feed.hub';
import { listenForAlerts } from '../alerts-feed/alert-feed.listen';
import { AlertFeedRepository } from '../alerts-feed/alert-feed.repository';
import { FEED_READERS } from '../alerts-feed/alerts-feed.controller';
import { LiveStreams } from '../alerts-feed/live-streams';
import { QUEUE_READERS } from '../desk-roles';
import { HeldItemNotifier } from '../notifications/held-item-notifier';
import { LiveStreamCounts, LiveTickets } from './live-tickets';
import { CreateLiveTicketDocs, OpenLiveStreamDocs } from './live.openapi';
import { QueueEvents } from './queue-events';

/** How often an open stream re-checks the token behind it (logout, disabled user, password change). */
const RECHECK_MS = 1000;
const PING_MS = 15000;
/** A stream slot frees when a stream closes; a few seconds is a fair wait. */
const RETRY_AFTER_SECONDS = 5;

/**
 * One live stream per browser tab for every staff event: a ticket bought with the bearer token (POST), then
 * an EventSource on GET /v1/live?ticket=… . No token ever travels in a URL.
 */
@ApiTags('live')
@Controller('v1/live')
export class LiveController {
  constructor(
    private readonly tickets: LiveTickets,
    private readonly counts: LiveStreamCounts,
    private readonly tokens: StaffTokens,
    private readonly alertFeed: AlertFeedRepository,
    private readonly alerts: AlertFeedHub,
    private readonly held: HeldItemNotifier,
    private readonly streams: LiveStreams,
    private readonly queue: QueueEvents,
  ) {}

  @Post('tickets')
  @HttpCode(201)
  @StaffOnly(...STAFF_ROLES)
  @ApiOperation({
    operationId: 'createLiveTicket',
    summary: 'A single-use ticket (30 s) that opens your live stream (every staff role)',
  })
  @CreateLiveTicketDocs()
  async ticket(@CurrentStaff() actor: StaffActor, @Req() req: Request) {
    if (this.counts.full(actor.userId)) throw Problem.tooManyRequests(RETRY_AFTER_SECONDS);
    // The guard accepted this header's token; the ticket carries the token so the stream can re-check it.
    const token = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim();
    if (!token) throw Problem.unauthorized();
    return this.tickets.issue(token);
  }

  @Get()
  @Public()
  @ApiOperation({
    operationId: 'openLiveStream',
    summary: 'Your live events (text/event-stream), opened with a ticket',
  })
  @OpenLiveStreamDocs()
  async stream(@Req() req: Request, @Res() res: Response, @Query('ticket') ticket?: unknown) {
    const token = await this.tickets.redeem(ticket);
    const staff = token ? await this.tokens.verify(token) : null;
    if (!token || !staff) throw Problem.unauthorized('Unknown, used or expired ticket');
    if (this.counts.full(staff.userId)) throw Problem.tooManyRequests(RETRY_AFTER_SECONDS);
    this.counts.opened(staff.userId);

    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('Connection', 'keep-alive');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    const open = () => !res.writableEnded;
    const send = (event: string, data: unknown) => {
      if (open()) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    };
    const stops: (() => void)[] = [];

    if (FEED_READERS.includes(staff.role)) {
      stops.push(listenForAlerts(this.alerts, this.alertFeed, staff.role, (d) => send('alert', d), open));
    }
    if (QUEUE_READERS.includes(staff.role)) {
      const sub = this.held.for(staff.username).subscribe((n) => send('held-raised', n));
      stops.push(() => sub.unsubscribe());
      stops.push(this.queue.listen((e) => send('queue', e)));
    }
    const ping = setInterval(() => open() && res.write(': ping\n\n'), PING_MS);
    let checking = false;
    const recheck = setInterval(() => {
      if (checking) return;
      checking = true;
      void this.tokens
        .verify(token)
        .then((still) => {
          if (!still) res.end();
        })
        .catch(() => undefined)
        .finally(() => (checking = false));
    }, RECHECK_MS);
    let counted = true;
    stops.push(() => {
      clearInterval(ping);
      clearInterval(recheck);
      if (counted) this.counts.closed(staff.userId);
      counted = false;
    });
    this.streams.add(res, () => stops.forEach((s) => s()));
    const close = () => this.streams.remove(res);
    req.on('close', close);
    res.on('finish', close);

    if (FEED_READERS.includes(staff.role)) {
      send('feed', { unacknowledged: await this.alertFeed.countUnacknowledged(staff.role) });
    } else send('ready', {});
  }
}
