import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { serviceImages } from '../support/deployFiles';
import { PROBE_PATHS, type ServiceName } from '../support/serviceEnvironment';
import {
  type RunningProcess,
  type SmallNetwork,
  startFinlandBehindGateway,
  tempDir,
} from '../support/services';

const images = serviceImages();
const running: Partial<Record<ServiceName, RunningProcess>> = {};

/** The variable each image's HEALTHCHECK reads the port from. */
const PORT_VARIABLE: Record<ServiceName, string> = {
  national: 'PORT',
  network: 'PORT',
  gateway: 'GATEWAY_PORT',
};

function healthcheck(service: ServiceName, port: number): number | null {
  const [, , script] = images[service].healthcheck?.command ?? [];
  const result = spawnSync(process.execPath, ['-e', script as string], {
    env: {
      PATH: process.env.PATH,
      ...images[service].env,
      COUNTRY: 'FI',
      [PORT_VARIABLE[service]]: String(port),
    },
    timeout: 15_000,
  });
  return result.status;
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

let network: SmallNetwork;

beforeAll(async () => {
  network = await startFinlandBehindGateway(tempDir('probes'), { seed: false });
  running.national = network.finland;
  running.network = network.network;
  running.gateway = network.gateway;
});

afterAll(async () => {
  await network.stop();
});

describe('the probes of the deployment files, against the running services', () => {
  it.each(Object.keys(PROBE_PATHS) as ServiceName[])(
    '%s answers 200 on every path the deployment probes',
    async (service) => {
      for (const path of PROBE_PATHS[service]) {
        const response = await fetch(`${running[service]?.url}${path}`);
        expect({ path, status: response.status }).toEqual({ path, status: 200 });
      }
    },
  );

  it.each(Object.keys(PROBE_PATHS) as ServiceName[])(
    "%s: the image's HEALTHCHECK passes against the running service and fails where nothing listens",
    async (service) => {
      const port = Number(new URL(running[service]?.url as string).port);
      expect(healthcheck(service, port)).toBe(0);
      expect(healthcheck(service, await closedPort())).toBe(1);
    },
  );
});
