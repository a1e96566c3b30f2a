import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { SPIKE_SERIES } from '@app/insights';

/** The series a flagged day is explained in: one the method watches (the total when absent). */
export class SpikeSeriesQuery {
  @ApiPropertyOptional({ enum: SPIKE_SERIES, default: 'total', example: 'total' })
  @IsOptional()
  @IsIn(SPIKE_SERIES as string[], {
    message: 'must be one of the watched series (total, source_group:<group>, locality:<locality>)',
  })
  series?: string;
}

/** One category of a flagged day's breakdown against what the method expected of it. */
export class SpikeDriverDto {
  @ApiProperty({ example: 'police', description: 'The source group, locality or need level' })
  key!: string;
  @ApiProperty({ example: 41 })
  count!: number;
  @ApiProperty({ example: 22.5, nullable: true, type: Number })
  expected!: number | null;
  @ApiProperty({ example: 18.5, nullable: true, type: Number, description: 'count - expected' })
  excess!: number | null;
}

export class SpikeExplanationDto {
  @ApiProperty({ example: '2026-09-08' })
  date!: string;
  @ApiProperty({ example: 'total' })
  series!: string;
  @ApiProperty({ example: 168 })
  count!: number;
  @ApiProperty({ example: 121.4, nullable: true, type: Number })
  expected!: number | null;
  @ApiProperty({ example: 150, nullable: true, type: Number })
  upper!: number | null;
  @ApiProperty({ description: 'Whether the method flagged this series on this day' })
  spike!: boolean;
  @ApiProperty({ example: 'term', description: "The school calendar's period of the day" })
  schoolPeriod!: string;
  @ApiProperty({ type: [SpikeDriverDto], description: 'By source group, largest excess first' })
  bySource!: SpikeDriverDto[];
  @ApiProperty({ type: [SpikeDriverDto], description: 'By locality, largest excess first' })
  byLocality!: SpikeDriverDto[];
  @ApiProperty({
    type: [SpikeDriverDto],
    description: 'By need level of triaged contacts, largest excess first',
  })
  byLevel!: SpikeDriverDto[];
}

/** A contact of a flagged day: what a duty manager needs to explain the day, no child's identifiers. */
export class SpikeContactDto {
  @ApiProperty({ format: 'uuid' })
  contactId!: string;
  @ApiProperty({ example: '2026-09-08T09:14:00.000Z' })
  receivedAt!: string;
  @ApiProperty({ example: 'police' })
  agency!: string;
  @ApiProperty({ example: 'police' })
  sourceGroup!: string;
  @ApiProperty({ example: 'CITY' })
  locality!: string;
  @ApiProperty({ example: 3, nullable: true, type: Number })
  needLevel!: number | null;
  @ApiProperty({ example: 'mash', nullable: true, type: String })
  route!: string | null;
  @ApiProperty({ example: 'decided' })
  status!: string;
  @ApiProperty({ description: 'Imported history rather than a live contact' })
  imported!: boolean;
}

export class SpikeContactsDto {
  @ApiProperty({ example: '2026-09-08' })
  date!: string;
  @ApiProperty({ example: 'total' })
  series!: string;
  @ApiProperty({ type: [SpikeContactDto] })
  contacts!: SpikeContactDto[];
}

export class ProblemFieldDto {
  @ApiProperty({ example: 'query:series' })
  path!: string;
  @ApiProperty({ example: 'must be one of the watched series' })
  message!: string;
}
