import http from 'node:http';

export type HttpResponse = { status: number; headers: http.IncomingHttpHeaders; body: string };

export type RequestInit = {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
};

/**
 * A small keep-alive JSON client on node:http: lighter than fetch, so the load generator takes less
 * of the two cores it shares with the server and PostgreSQL.
 */
export class HttpClient {
  private readonly agent: http.Agent;
  private readonly base: URL;

  constructor(baseUrl: string, connections: number) {
    this.base = new URL(baseUrl);
    this.agent = new http.Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
  }

  request(method: string, path: string, init: RequestInit = {}): Promise<HttpResponse> {
    const payload = init.body === undefined ? undefined : JSON.stringify(init.body);
    const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(payload));
    }
    return new Promise((resolve, reject) => {
      const request = http.request(
        {
          agent: this.agent,
          host: this.base.hostname,
          port: this.base.port,
          method,
          path,
          headers,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              headers: response.headers,
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          );
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(payload);
    });
  }

  /** A request that must answer `expected`; anything else stops the setup with the server's words. */
  async json<T>(method: string, path: string, expected: number, init: RequestInit = {}): Promise<T> {
    const response = await this.request(method, path, init);
    if (response.status !== expected) {
      throw new Error(`${method} ${path} answered ${response.status}: ${response.body.slice(0, 500)}`);
    }
    return JSON.parse(response.body) as T;
  }

  close(): void {
    this.agent.destroy();
  }
}
