import { isPhoneNumber } from './phone';

describe('phone number', () => {
  it.each(['01865 000000', '+44 1865 000000', '(01865) 000-000', '07700 900123 ext 45', '999999'])(
    'accepts %s',
    (value) => expect(isPhoneNumber(value)).toBe(true),
  );
  it.each(['', 'call the office', '12345', '01865 000000 or 01865 111111', 'dsl@example.org'])(
    'refuses %j',
    (value) => expect(isPhoneNumber(value)).toBe(false),
  );
});
