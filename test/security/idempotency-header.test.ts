import { connect } from 'node:net';
import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { contactBody, isolateTestFile } from '@app/testing';
import { createHttpApp } from '@app/http';
import { IntakeModule } from '../../apps/intake-api/src/intake.module';
import { isolateDatabase } from '../support/apps';
import { createTestPartner } from '../support/pipeline';

/** Sends the request byte for byte over a socket, so a repeated header stays repeated on the wire. */
function rawPost(
  url: string,
  path: string,
  headers: string[],
  body: unknown,
): Promise<{ status: number; body: any }> {
  const u = new URL(url);
  const payload = JSON.stringify(body);
  const lines = [
    `POST ${path} HTTP/1.1`,
    `Host: ${u.host}`,
    'Connection: close',
    `Content-Length: ${Buffer.byteLength(payload)}`,
  ];
  for (let i = 0; i < headers.length; i += 2) lines.push(`${headers[i]}: ${headers[i + 1]}`);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(u.port), u.hostname, () =>
      socket.write(`${lines.join('\r\n')}\r\n\r\n${payload}`),
    );
    let raw = '';
    socket.on('data', (d) => (raw += d));
    socket.on('error', reject);
    socket.on('end', () => {
      const status = Number(raw.split(' ')[1]);
      const head = raw.slice(0, raw.indexOf('\r\n\r\n'));
      let text = raw.slice(raw.indexOf('\r\n\r\n') + 4);
      if (/transfer-encoding: chunked/i.test(head))
        text = text.replace(/^[0-9a-f]+\r\n/i, '').replace(/\r\n0\r\n\r\n$/, '');
      resolve({ status, body: text ? JSON.parse(text) : null });
    });
  });
}

describe('one Idempotency-Key: declared once, sent once', () => {
  let app: INestApplication;
  let url: string;
  let db: Awaited<ReturnType<typeof isolateDatabase>>;
  let key: string;
  let partnerId: string;

  beforeAll(async () => {
    isolateTestFile();
    db = await isolateDatabase();
    app = await createHttpApp(IntakeModule, { title: 'partner API', description: 'test' });
    await app.listen(0, '127.0.0.1');
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    ({ key, partnerId } = await createTestPartner({ app, url, close: () => app.close() }, 'school'));
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const headers = (...idem: string[]) => [
    'Authorization',
    `Bearer ${key}`,
    'Content-Type',
    'application/json',
    ...idem.flatMap((k) => ['Idempotency-Key', k]),
  ];
  const count = async () =>
    (
      await app
        .get(DataSource)
        .query('SELECT count(*)::int AS n FROM contacts WHERE partner_id = $1', [partnerId])
    )[0].n as number;

  it('the OpenAPI document declares the header once on every operation that takes it', async () => {
    const doc: any = await (await fetch(`${url}/docs-json`)).json();
    let operations = 0;
    for (const ops of Object.values<any>(doc.paths))
      for (const op of Object.values<any>(ops)) {
        const idem = (op.parameters ?? []).filter(
          (p: any) => p.in === 'header' && /^idempotency-key$/i.test(p.name),
        );
        if (idem.length) operations++;
        expect(idem.length).toBeLessThanOrEqual(1);
      }
    expect(operations).toBeGreaterThanOrEqual(4); // contacts and the three adapters
  });

  it('a repeated header or a comma-joined value is 400 naming header:Idempotency-Key; nothing is recorded', async () => {
    const before = await count();
    for (const h of [headers('k-1', 'k-1'), headers('k-2, k-2'), headers('k-3,k-4')]) {
      const res = await rawPost(url, '/v1/contacts', h, contactBody());
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ path: 'header:Idempotency-Key', message: expect.any(String) }]);
    }
    const adapter = await rawPost(url, '/v1/adapters/schools/concerns', headers('s-1', 's-1'), {});
    expect(adapter.status).toBe(400);
    expect(await count()).toBe(before);
    // One key, sent once, twice over: one contact.
    const first = await rawPost(url, '/v1/contacts', headers('k-once'), contactBody());
    const again = await rawPost(url, '/v1/contacts', headers('k-once'), contactBody());
    expect([first.status, again.status]).toEqual([202, 202]);
    expect(again.body.id).toBe(first.body.id);
    expect(await count()).toBe(before + 1);
  });
});
