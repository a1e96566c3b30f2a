import { PipeTransform } from '@nestjs/common';
import { isUuid } from '@app/contracts';
import { Problem } from './problem';

/** A path id that must be a UUID: anything else is answered as an unknown id is, 404 with `detail`. */
export const uuidOr404 = (detail: string): PipeTransform<unknown, string> => ({
  transform(value: unknown): string {
    if (!isUuid(value)) throw Problem.notFound(detail);
    return value;
  },
});
