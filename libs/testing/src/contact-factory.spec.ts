import { isValidNhsNumber } from '@app/contracts';
import { nhsNumberFor } from './contact-factory';

describe('nhsNumberFor', () => {
  it('gives valid, distinct NHS numbers for distinct seeds', () => {
    const numbers = Array.from({ length: 5000 }, (_, i) => nhsNumberFor(i));
    expect(numbers.every(isValidNhsNumber)).toBe(true);
    expect(new Set(numbers).size).toBe(numbers.length);
  });
});
