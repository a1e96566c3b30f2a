import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiSecurity, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { IsNotBlank, Required } from '@app/contracts';
import { ApiProblem, STAFF_TOKEN } from '@app/http';
import { MaxChars, OneOf, QueryWholeNumber } from '../request-input/validate-input';
import type { AlertView, DeliveryView } from './alert-feed.repository';

export class DeliveryCounts {
  @ApiProperty({ type: 'integer' })
  delivered: number;
  @ApiProperty({ type: 'integer' })
  pending: number;
  @ApiProperty({ type: 'integer' })
  retrying: number;
  @ApiProperty({ type: 'integer' })
  failed: number;
}

export class AlertDelivery implements DeliveryView {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ enum: ['in_app', 'email', 'webhook'] })
  channel: string;
  @ApiProperty({ description: 'A role, an address or a webhook name' })
  recipient: string;
  @ApiProperty({ enum: ['pending', 'retrying', 'delivered', 'failed'] })
  status: 'pending' | 'retrying' | 'delivered' | 'failed';
  @ApiProperty({ type: 'integer' })
  attempts: number;
  @ApiProperty({ type: String, nullable: true })
  lastError: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  deliveredAt: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  failedAt: string | null;
}

/** What an alert's kind adds (ids and codes only); each kind fills the fields it has. */
export class AlertDetails {
  @ApiPropertyOptional({ format: 'uuid' }) placementRequestId?: string;
  @ApiPropertyOptional({ example: 'HELD_FOR_PANEL' }) outcome?: string;
  @ApiPropertyOptional({ type: [String] }) failedChecks?: string[];
  @ApiPropertyOptional({ type: String, nullable: true, format: 'date-time' }) reviewDueAt?: string | null;
  @ApiPropertyOptional() placementType?: string;
  @ApiPropertyOptional() legalBasis?: string;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'uuid' }) linkedTo?: string | null;
  @ApiPropertyOptional({ format: 'uuid', description: 'Escalation: the alert escalated' })
  escalatedAlertId?: string;
  @ApiPropertyOptional({ description: 'Escalation: its kind' }) escalatedKind?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Overdue panel action' }) actionId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) alertId?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'Overdue item: when it was due' }) dueAt?: string;
  @ApiPropertyOptional({ description: 'Spike: the series' }) series?: string;
  @ApiPropertyOptional({ format: 'date', description: 'Spike: the day' }) date?: string;
  @ApiPropertyOptional({ type: 'integer', description: 'Spike: the count' }) count?: number;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'Spike: expected' }) expected?:
    number | null;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'Spike: alarm limit' }) upper?:
    number | null;
  @ApiPropertyOptional({ description: 'Spike: found on a day not yet over' }) partial?: boolean;
}

export class Alert implements Omit<AlertView, 'deliveries'> {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ example: 'placement_alternatives_not_exhausted' })
  kind: string;
  @ApiProperty()
  title: string;
  @ApiProperty()
  body: string;
  @ApiProperty({ type: [String] })
  recipientRoles: string[];
  @ApiProperty({ type: String, nullable: true })
  subjectType: string | null;
  @ApiProperty({ type: String, nullable: true })
  subjectId: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' })
  childId: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' })
  relatedAlertId: string | null;
  @ApiProperty({ type: AlertDetails, description: "The kind's own facts (ids and codes only)" })
  details: Record<string, unknown>;
  @ApiProperty({ format: 'date-time' })
  raisedAt: string;
  @ApiProperty({
    type: String,
    nullable: true,
    format: 'date-time',
    description: 'When the alert stopped applying',
  })
  resolvedAt: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why it stopped applying (e.g. the request was cleared)',
  })
  resolution: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  acknowledgedAt: string | null;
  @ApiProperty({ type: String, nullable: true })
  acknowledgedBy: string | null;
  @ApiProperty({ type: String, nullable: true })
  acknowledgementNote: string | null;
  @ApiProperty({ type: [AlertDelivery], description: 'Each channel: its status, attempts and last error' })
  deliveries: AlertDelivery[];
  @ApiProperty({ type: DeliveryCounts })
  deliveryStatus: DeliveryCounts;
}

export class AlertFeed {
  @ApiProperty({ type: 'integer', description: 'Unacknowledged alerts for your role' })
  unacknowledged: number;
  @ApiProperty({ type: [Alert] })
  items: Alert[];
}

export class AcknowledgeBody {
  // Required since the v1 document called it optional: the service has always refused an acknowledgement
  // without a note (placement-gatekeeping.md: who, when, a note); see V1_CORRECTIONS.
  @ApiProperty({
    minLength: 1,
    maxLength: 2000,
    example: 'Spoke to the placing social worker; alternatives tried',
    description: 'What was done (placement-gatekeeping.md: who, when, a note)',
  })
  @Required('is required: say what was done')
  @IsString()
  @IsNotBlank({ message: 'is required: say what was done' })
  @MaxChars(2000)
  note: string;
}

export class AlertFeedQuery {
  @ApiPropertyOptional({ type: Boolean, description: 'true: only alerts not yet acknowledged' })
  @IsOptional()
  @OneOf(['true', 'false'])
  unacknowledged?: string;
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @QueryWholeNumber(1, 500)
  limit?: string;
}

const notFound = ApiProblem(404, 'No such alert (or not yours to see)', {
  title: 'Not found',
  detail: 'No such alert',
});

export const ListAlertsDocs = () =>
  applyDecorators(
    ApiOkResponse({ type: AlertFeed }),
    ApiProblem(400, 'A query parameter out of range', { title: 'Malformed request' }),
  );
export const ReadAlertDocs = () => applyDecorators(ApiOkResponse({ type: Alert }), notFound);
export const AcknowledgeAlertDocs = () =>
  applyDecorators(
    ApiBody({ type: AcknowledgeBody }),
    ApiOkResponse({ type: Alert, description: 'The alert, acknowledged' }),
    ApiProblem(400, 'Unknown fields', { title: 'Malformed request' }),
    ApiProblem(422, 'No note, or a blank one', {
      title: 'The request breaks a rule',
      type: '/problems/validation',
      detail: '1 field(s) at fault',
      errors: [{ path: 'note', message: 'is required: say what was done' }],
    }),
    notFound,
    ApiProblem(409, 'Already acknowledged', { title: 'Conflict' }),
  );
export const StreamAlertsDocs = () =>
  applyDecorators(
    ApiSecurity(STAFF_TOKEN),
    ApiOkResponse({
      description: 'Server-sent events: `alert` with an Alert, and pings',
      content: { 'text/event-stream': { schema: { type: 'string' } } },
    }),
    ApiProblem(401, 'Missing or invalid token', { title: 'Unauthorized' }),
  );
