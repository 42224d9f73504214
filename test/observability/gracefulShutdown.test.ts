import { connect } from 'node:net';
import type { RunningProcess } from '../support/services';
import { type SmallNetwork, startFinlandBehindGateway, tempDir } from '../support/services';

const BODY = JSON.stringify({ query: '{ __typename }' });

/**
 * A request held open at the socket level: its headers and the first half of its body are sent now, the
 * rest when `finish()` is called; resolves with the status line and body of the answer.
 */
async function holdRequestOpen(
  url: string,
): Promise<{ finish(): Promise<{ status: number; body: string }> }> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let answer = '';
  socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
  const ended = new Promise<void>((resolve) => socket.once('end', resolve));
  const half = Math.floor(BODY.length / 2);
  socket.write(
    [
      'POST /graphql HTTP/1.1',
      `Host: ${hostname}:${port}`,
      'Content-Type: application/json',
      `Content-Length: ${Buffer.byteLength(BODY)}`,
      'Connection: close',
      '',
      BODY.slice(0, half),
    ].join('\r\n'),
  );
  // Once another request has been answered, the server has read the held one's headers: it is in flight.
  expect((await fetch(`${url}/health`)).status).toBe(200);
  return {
    async finish() {
      socket.end(BODY.slice(half));
      await ended;
      const [head = '', body = ''] = answer.split('\r\n\r\n');
      return { status: Number(head.split(' ')[1]), body };
    },
  };
}

/** Resolves once connecting to `url` is refused: the server no longer accepts connections. */
async function refusesConnections(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  for (let attempt = 0; attempt < 200; attempt++) {
    const refused = await new Promise<boolean>((resolve) => {
      const probe = connect(Number(port), hostname);
      probe.once('connect', () => {
        probe.destroy();
        resolve(false);
      });
      probe.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
    });
    if (refused) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

describe('graceful shutdown on SIGTERM', () => {
  let small: SmallNetwork;

  beforeAll(async () => {
    small = await startFinlandBehindGateway(tempDir('shutdown'));
  });

  afterAll(async () => {
    await small?.stop();
  });

  async function stopDuringARequest(service: RunningProcess) {
    const held = await holdRequestOpen(service.url);
    const exited = new Promise<number | null>((resolve) => service.process.once('exit', resolve));
    service.process.kill('SIGTERM');
    const refused = await refusesConnections(service.url);
    const answer = await held.finish();
    return { refused, answer, exitCode: await exited };
  }

  it.each([
    ['the gateway', () => small.gateway],
    ['a national service', () => small.finland],
    ['the network registry', () => small.network],
  ])(
    '%s refuses new connections, finishes the request in flight with 200 and exits 0',
    async (_name, service) => {
      const { refused, answer, exitCode } = await stopDuringARequest(service());
      expect(refused).toBe(true);
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toEqual({ data: { __typename: 'Query' } });
      expect(exitCode).toBe(0);
    },
  );
});
