import { Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentStaff, Public, StaffActor, StaffOnly, StaffRole, StaffTokens } from '@app/auth';
import { Problem, uuidOr404 } from '@app/http';
import { AcknowledgeAlertUseCase } from './acknowledge-alert.usecase';
import { AlertFeedHub } from './alert-feed.hub';
import { AlertFeedRepository } from './alert-feed.repository';
import { listenForAlerts } from './alert-feed.listen';
import { LiveStreams } from './live-streams';
import {
  AcknowledgeAlertDocs,
  AcknowledgeBody,
  AlertFeedQuery,
  ListAlertsDocs,
  ReadAlertDocs,
  StreamAlertsDocs,
} from './alerts.openapi';
import { ValidBody, ValidQuery } from '../request-input/validate-input';

/** Who reads the alert feed (each sees the alerts raised for their role; an administrator sees all). */
export const FEED_READERS: StaffRole[] = [
  'duty_manager',
  'manager',
  'head_of_service',
  'admin',
  'social_worker',
  'duty_worker',
];
/** Who acknowledges alerts: managers. */
const ACKNOWLEDGERS: StaffRole[] = ['duty_manager', 'manager', 'head_of_service', 'admin'];

const notFound = () => Problem.notFound('No such alert');

@ApiTags('alerts')
@ApiBearerAuth()
@Controller('v1/alerts')
export class AlertsFeedController {
  constructor(
    private readonly alerts: AlertFeedRepository,
    private readonly acknowledge: AcknowledgeAlertUseCase,
    private readonly hub: AlertFeedHub,
    private readonly tokens: StaffTokens,
    private readonly streams: LiveStreams,
  ) {}

  @Get()
  @StaffOnly(...FEED_READERS)
  @ApiOperation({
    operationId: 'listAlerts',
    summary: "The alert feed for the caller's role, newest first, with delivery status per channel",
  })
  @ListAlertsDocs()
  async feed(@CurrentStaff() actor: StaffActor, @ValidQuery(AlertFeedQuery) q: AlertFeedQuery) {
    const role = actor.role;
    const items = await this.alerts.list(role, {
      unacknowledgedOnly: q.unacknowledged === 'true',
      limit: q.limit === undefined ? 100 : Number(q.limit),
    });
    return { unacknowledged: await this.alerts.countUnacknowledged(role), items };
  }

  /**
   * Server-sent events: `feed` on connect (the unacknowledged count), then `alert` with the alert's view
   * whenever one for the caller's role is delivered, acknowledged or its delivery status changes. Bearer
   * header only (a browser's EventSource cannot send one: it opens /v1/live with a single-use ticket).
   */
  @Get('stream')
  @Public()
  @ApiOperation({
    operationId: 'streamAlerts',
    summary: 'Live alert feed (text/event-stream); Bearer header only (browsers: /v1/live)',
    deprecated: true,
  })
  @StreamAlertsDocs()
  async stream(@Req() req: Request, @Res() res: Response) {
    // Header only: a token in a URL ends up in logs and history. Browsers use /v1/live with a ticket.
    const token = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim();
    const staff = token ? await this.tokens.verify(token) : null;
    if (!staff) throw Problem.unauthorized();
    if (!FEED_READERS.includes(staff.role)) throw Problem.forbidden();
    const role = staff.role;

    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('Connection', 'keep-alive');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    const send = (event: string, data: unknown) =>
      res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    send('feed', { unacknowledged: await this.alerts.countUnacknowledged(role) });

    const unlisten = listenForAlerts(
      this.hub,
      this.alerts,
      role,
      (data) => send('alert', data),
      () => !res.writableEnded,
    );
    const ping = setInterval(() => res.write(': ping\n\n'), 15000);
    // Stop when the token expires: the browser reconnects with a fresh one.
    const expiry = setTimeout(() => res.end(), Math.max(1000, staff.expiresAt - Date.now()));
    const stop = () => {
      clearInterval(ping);
      clearTimeout(expiry);
      unlisten();
    };
    this.streams.add(res, stop);
    req.on('close', () => this.streams.remove(res));
  }

  @Get(':id')
  @StaffOnly(...FEED_READERS)
  @ApiOperation({ operationId: 'readAlert', summary: 'One alert with its delivery status on every channel' })
  @ReadAlertDocs()
  async read(@Param('id', uuidOr404('No such alert')) id: string, @CurrentStaff() actor: StaffActor) {
    const view = await this.alerts.read(actor.role, id);
    if (!view) throw notFound();
    return view;
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @StaffOnly(...ACKNOWLEDGERS)
  @ApiOperation({
    operationId: 'acknowledgeAlert',
    summary: 'Acknowledge an alert with a note (managers); stops its escalation',
  })
  @AcknowledgeAlertDocs()
  async ack(
    @Param('id', uuidOr404('No such alert')) id: string,
    @ValidBody(AcknowledgeBody, { optional: true }) body: AcknowledgeBody,
    @CurrentStaff() actor: StaffActor,
  ) {
    return this.acknowledge.execute({
      alertId: id,
      note: body.note,
      by: { username: actor.username, role: actor.role },
    });
  }
}
