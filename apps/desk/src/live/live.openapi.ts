import { applyDecorators } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiProperty, ApiQuery, ApiSecurity } from '@nestjs/swagger';
import { ApiProblem, STAFF_TOKEN } from '@app/http';

export class LiveTicket {
  @ApiProperty({ description: 'Single use; opens GET /v1/live?ticket=… within 30 seconds' })
  ticket: string;
  @ApiProperty({ format: 'date-time' })
  expiresAt: string;
}

const tooMany = ApiProblem(429, 'Three live streams are open for you already (see Retry-After)', {
  title: 'Too many requests',
});

export const CreateLiveTicketDocs = () =>
  applyDecorators(
    ApiSecurity(STAFF_TOKEN),
    ApiCreatedResponse({ type: LiveTicket }),
    ApiProblem(401, 'Missing or invalid token', { title: 'Unauthorized' }),
    tooMany,
  );

export const OpenLiveStreamDocs = () =>
  applyDecorators(
    ApiQuery({
      name: 'ticket',
      required: true,
      schema: { type: 'string' },
      description: 'From createLiveTicket',
    }),
    ApiOkResponse({
      description:
        'Server-sent events: `feed` and `alert` (alert readers), `held-raised` and `queue` (item triaged, claimed, released, decided or closed: ids only) for queue readers, pings; ends ' +
        'within about a second of the token ending (logout, disabled user, password change, expiry)',
      content: { 'text/event-stream': { schema: { type: 'string' } } },
    }),
    ApiProblem(401, 'Unknown, used or expired ticket', { title: 'Unauthorized' }),
    tooMany,
  );
