import { ApiOkResponse } from '@nestjs/swagger';

export const StreamEventsDocs = () =>
  ApiOkResponse({
    description: 'Server-sent events: `held-item-raised`, and a `ping` every 20 seconds',
    content: { 'text/event-stream': { schema: { type: 'string' } } },
  });
