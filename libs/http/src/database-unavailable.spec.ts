import { isDatabaseUnavailable } from './database-unavailable';

describe('isDatabaseUnavailable', () => {
  const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });

  it.each([
    ['a refused TCP connection', pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    [
      'a database closed to connections (55000)',
      pgError('55000', 'database "x" is not currently accepting connections'),
    ],
    [
      'a connection terminated by an administrator (57P01)',
      pgError('57P01', 'terminating connection due to administrator command'),
    ],
    ['Postgres starting up (57P03)', pgError('57P03', 'the database system is starting up')],
    ['too many connections (53300)', pgError('53300', 'sorry, too many clients already')],
    ['a connection failure of class 08', pgError('08006', 'connection failure')],
    ['a dropped socket without a code', new Error('Connection terminated unexpectedly')],
    ['a pool timing out', new Error('timeout exceeded when trying to connect')],
    [
      'a TypeORM QueryFailedError wrapping one',
      Object.assign(new Error('q'), { driverError: pgError('57P01', 'x') }),
    ],
  ])('is true for %s', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', pgError('23505', 'duplicate key value violates unique constraint')],
    ['another 55000 (object not in prerequisite state)', pgError('55000', 'cannot do that now')],
    ['a syntax error', pgError('42601', 'syntax error at or near')],
    ['a plain error', new Error('boom')],
    ['not an object', 'ECONNREFUSED'],
    ['null', null],
  ])('is false for %s', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
