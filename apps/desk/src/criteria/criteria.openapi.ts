import { applyDecorators } from '@nestjs/common';
import {
  ApiBody,
  ApiExtraModels,
  ApiOkResponse,
  ApiProperty,
  ApiPropertyOptional,
  getSchemaPath,
} from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsObject,
  IsOptional,
  IsString,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { ContactDto, IsNotBlank, Required } from '@app/contracts';
import { ROUTES } from '@app/criteria';
import { ApiProblem } from '@app/http';
import { MaxChars } from '../request-input/validate-input';

/** An instant with its time zone, as `at` and `receivedAt` are judged (a date alone is refused). */
const IsInstant = () =>
  ValidateBy({
    name: 'isInstant',
    validator: {
      validate: (v: unknown) =>
        typeof v === 'string' && /T.*(Z|[+-]\d\d:?\d\d)$/.test(v) && !Number.isNaN(new Date(v).getTime()),
      defaultMessage: () => 'must be an instant with a time zone, e.g. 2026-11-20T15:12:03Z',
    },
  });

// A contact is an object here; its fields are checked by validateContact (the ContactDto class) judged
// at its own receivedAt against the version's indicators, so the use case checks it, not this class.
export class OtherContact {
  @ApiProperty({ format: 'date-time' })
  @Required('is required: an instant')
  @IsString()
  @IsInstant()
  receivedAt: string;
  @ApiProperty({ type: () => ContactDto })
  @Required()
  @IsObject()
  contact: Record<string, unknown>;
}

export class OpenCase {
  // Required since the v1 document called it optional: the service has always refused an open case
  // without its team; see V1_CORRECTIONS.
  @ApiProperty({ example: 'ASSESSMENT', description: 'The team holding the case' })
  @Required()
  @IsString()
  @IsNotBlank()
  @MaxChars(40)
  team: string;
}

export class EvaluateCriteriaBody {
  @ApiPropertyOptional({ example: '2026-1', description: 'Absent: the version in force' })
  @IsOptional()
  @IsString()
  @MaxChars(40)
  criteriaVersion?: string;
  @ApiProperty({ format: 'date-time', description: "The contact's receivedAt and the time of triage" })
  @Required('is required: an instant')
  @IsString()
  @IsInstant()
  at: string;
  @ApiProperty({ type: () => ContactDto })
  @Required()
  @IsObject()
  contact: Record<string, unknown>;
  @ApiPropertyOptional({ type: [OtherContact], description: "The child's earlier contacts" })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200, { message: 'must hold at most 200 contacts' })
  @ValidateNested({ each: true })
  @Type(() => OtherContact)
  otherContacts?: OtherContact[];
  @ApiPropertyOptional({
    type: () => OpenCase,
    nullable: true,
    description: "The child's open case, if any",
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => OpenCase)
  openCase?: OpenCase | null;
}

export class EvaluatedDecisionView {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 4 })
  needLevel: number;
  @ApiProperty({ enum: ROUTES })
  route: string;
  @ApiProperty({ type: String, nullable: true })
  team: string | null;
  @ApiProperty()
  priority: string;
  @ApiProperty({
    type: 'array',
    items: { type: 'object', properties: { code: { type: 'string' }, text: { type: 'string' } } },
  })
  reasons: { code: string; text: string }[];
  @ApiProperty()
  criteriaVersion: string;
  @ApiProperty({
    type: [String],
    description: 'Indexes (as strings) of otherContacts matched as the same child',
  })
  linkedContactIds: string[];
  @ApiProperty({
    type: 'array',
    items: { type: 'object', properties: { index: { type: 'string' }, reason: { type: 'string' } } },
  })
  possibleMatches: { index: string; reason: string }[];
}

export class EvaluateCriteriaResult {
  @ApiProperty({ type: EvaluatedDecisionView })
  decision: EvaluatedDecisionView;
}

export const EvaluateCriteriaDocs = (example: object) =>
  applyDecorators(
    ApiExtraModels(ContactDto),
    ApiBody({
      schema: { $ref: getSchemaPath(EvaluateCriteriaBody) },
      examples: { schoolConcern: { value: example } },
    }),
    ApiExtraModels(EvaluateCriteriaBody),
    ApiOkResponse({ type: EvaluateCriteriaResult }),
    ApiProblem(400, 'Malformed: unknown fields, wrong JSON types', {
      title: 'Malformed request',
      type: '/problems/validation',
      detail: '1 field(s) at fault',
      errors: [{ path: 'otherContacts', message: 'must be an array' }],
    }),
    ApiProblem(422, 'A contact breaks a rule of the contract, or an unknown criteria version', {
      title: 'The request breaks a rule',
      type: '/problems/validation',
      detail: '1 field(s) at fault',
      errors: [{ path: 'criteriaVersion', message: 'is not a known criteria version (known: 2026-1)' }],
    }),
  );

/** An example the live API accepts (replayed by test/contract/openapi-documents.test.ts). */
export const CRITERIA_EXAMPLE = {
  at: '2026-11-20T15:12:03Z',
  contact: {
    source: {
      agency: 'school',
      organisation: 'Cherwell Valley Primary School',
      referrer: { name: 'A. Patel', role: 'Designated Safeguarding Lead', phone: '01865 000000' },
    },
    child: { firstName: 'Maya', lastName: 'Okafor', dateOfBirth: '2016-03-14' },
    concerns: {
      indicators: ['attendance_persistent_absence', 'neglect_emerging'],
      summary: 'Attendance has fallen to 84% this term and Maya often arrives hungry.',
    },
    consent: 'given',
  },
  otherContacts: [],
};
