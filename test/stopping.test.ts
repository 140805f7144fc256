import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, type TestUser } from './support/factories.js';
import { type Hub, startHub } from './support/hub.js';

/**
 * An instance that is stopping says so on /readyz at once, so a balancer sends no more, and
 * finishes a request that had already reached it instead of turning it away: such a request
 * cannot go to another instance any more.
 */
describe('a stopping instance', () => {
  let hub: Hub;
  let maintainer: TestUser;
  beforeAll(async () => {
    hub = await startHub('sqlite');
    maintainer = await buildUser(hub, { role: 'maintainer' });
  });
  let closed = false;
  afterAll(async () => {
    if (closed) await hub.testDb.drop();
    else await hub.close();
  });

  it('is not ready from the first moment, and finishes the write that was arriving', async () => {
    const origin = new URL(await hub.server.listen({ host: '127.0.0.1', port: 0 }));
    const body = JSON.stringify({ title: 'Written while the instance stops' });
    /** A connection on which a request has begun to arrive (so the server counts it busy). */
    const begin = async (start: string) => {
      const socket = connect(Number(origin.port), '127.0.0.1');
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      let answer = '';
      socket.on('data', (chunk: Buffer) => {
        answer += chunk.toString('utf8');
      });
      const ended = new Promise<string>((resolve) => socket.once('close', () => resolve(answer)));
      socket.write(start);
      return { finish: (rest: string) => socket.end(rest), ended };
    };
    // Headers and half of the body: the write has arrived, its body is still on the way.
    const write = await begin(
      `POST /api/v1/ideas HTTP/1.1\r\nHost: ${origin.host}\r\nAuthorization: ${maintainer.auth.authorization}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 10)}`,
    );
    const probe = await begin(`GET /readyz HTTP/1.1\r\nHost: ${origin.host}\r\n`);
    const read = await begin(`GET /healthz HTTP/1.1\r\nHost: ${origin.host}\r\n`);
    await new Promise((r) => setTimeout(r, 100));

    const stopped = hub.server.close();
    closed = true;
    // Closing starts with its preClose hooks, a turn of the event loop later.
    await new Promise((r) => setTimeout(r, 50));
    probe.finish('\r\n');
    expect(await probe.ended).toMatch(/^HTTP\/1\.1 503 [\s\S]*"status":"stopping"/u);
    // A request that arrives now is answered, not turned away, and its connection closed.
    read.finish('\r\n');
    const served = await read.ended;
    expect(served).toMatch(/^HTTP\/1\.1 200 /u);
    expect(served.toLowerCase()).toContain('connection: close');

    write.finish(body.slice(10));
    const answer = await write.ended;
    await stopped;
    expect(answer).toMatch(/^HTTP\/1\.1 201 /u);
    expect(answer).toContain('Written while the instance stops');
  });
});
