import { ApiProperty } from '@nestjs/swagger';

export class AcceptedContact {
  @ApiProperty({ format: 'uuid', example: '0b7c8f8e-3c55-4a59-9a43-3f0f6a2d1c11' })
  id: string;

  @ApiProperty({ enum: ['received'], example: 'received' })
  status: 'received';

  @ApiProperty({ example: '/v1/contacts/0b7c8f8e-3c55-4a59-9a43-3f0f6a2d1c11' })
  location: string;
}

/** What every adapter answers: the canonical contacts it recorded, one per child. */
export class AdapterAccepted {
  @ApiProperty({
    required: false,
    description: 'Shared by the contacts recorded for one household notification',
    example: 'police:43260012345',
  })
  householdRef?: string;

  @ApiProperty({ type: [AcceptedContact] })
  contacts: AcceptedContact[];
}

export function accepted(ids: string[], householdRef?: string): AdapterAccepted {
  return {
    ...(householdRef ? { householdRef } : {}),
    contacts: ids.map((id) => ({ id, status: 'received', location: `/v1/contacts/${id}` })),
  };
}
