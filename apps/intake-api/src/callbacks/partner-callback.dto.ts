import { ApiProperty } from '@nestjs/swagger';
import { IsString } from 'class-validator';
import { Required } from '@app/contracts';

/** `PUT /v1/partner/callback`: where the partner wants to hear the duty decision on each of its contacts. */
export class RegisterCallbackDto {
  @ApiProperty({
    example: 'https://integration.partner.example/front-door/feedback',
    maxLength: 2000,
    description: 'An https:// URL (http:// only to localhost outside production), without credentials',
  })
  @Required()
  @IsString()
  url: string;
}

export class CallbackResponse {
  @ApiProperty({ example: 'https://integration.partner.example/front-door/feedback' })
  url: string;

  @ApiProperty({ format: 'date-time' })
  registeredAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;

  @ApiProperty({ format: 'date-time', description: 'When the current signing secret was made' })
  secretCreatedAt: string;

  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'After a rotation: until when the previous secret also signs (a second v1= in the header)',
  })
  previousSecretValidUntil: string | null;
}

/** The answer that carries a new signing secret: shown this once, never again. */
export class CallbackWithSecretResponse extends CallbackResponse {
  @ApiProperty({
    example: 'whsec_3q2-7wVfYl0sQ0mJc3m1Jm8u5vX9o0P2eQm8sQ4T0aA',
    description:
      'The HMAC-SHA256 signing secret (32 random bytes): shown once. Store it to verify X-FrontDoor-Signature',
  })
  secret: string;
}

export class FeedbackDelivery {
  @ApiProperty({ format: 'uuid', description: 'The Webhook-Id header of this feedback' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  contactId: string;

  @ApiProperty({ enum: ['pending', 'retrying', 'delivered', 'failed'] })
  status: string;

  @ApiProperty({ example: 1 })
  attempts: number;

  @ApiProperty({ nullable: true, type: String, example: 'webhook answered 503' })
  lastError: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  deliveredAt: string | null;
}

export class FeedbackDeliveryList {
  @ApiProperty({ type: [FeedbackDelivery], description: 'The latest 100, newest first' })
  deliveries: FeedbackDelivery[];
}
