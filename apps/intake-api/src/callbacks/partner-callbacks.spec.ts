import { callbackUrlFaults } from './partner-callbacks';

describe('callbackUrlFaults', () => {
  it('takes https anywhere, and plain http only to this machine outside production', () => {
    expect(callbackUrlFaults('https://partner.example/hook', true)).toEqual([]);
    expect(callbackUrlFaults('http://localhost:8080/hook', false)).toEqual([]);
    expect(callbackUrlFaults('http://127.0.0.1:8080/hook', false)).toEqual([]);
    expect(callbackUrlFaults('http://localhost:8080/hook', true)).toEqual([
      { path: 'url', message: 'must be an https:// URL' },
    ]);
    expect(callbackUrlFaults('http://partner.example/hook', false)[0].path).toBe('url');
  });

  it('refuses credentials, fragments, other schemes, non-strings and over-long URLs, without echoing them', () => {
    for (const bad of [
      'https://user:pw@partner.example/hook',
      'https://partner.example/hook#x',
      'ftp://partner.example/hook',
      'not a url',
      '',
      42,
      `https://partner.example/${'a'.repeat(2000)}`,
    ]) {
      const faults = callbackUrlFaults(bad, true);
      expect(faults).toHaveLength(1);
      expect(faults[0].path).toBe('url');
      if (typeof bad === 'string' && bad) expect(faults[0].message).not.toContain(bad);
    }
  });
});
