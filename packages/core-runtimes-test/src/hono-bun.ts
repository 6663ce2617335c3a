// Serves the Hono example with Bun.serve on a free loopback port and prints the port.
import app from './hono-app.ts';

declare const Bun: { serve(options: { port: number; hostname: string; fetch: typeof app.fetch }): { port: number } };

const server = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: app.fetch });
console.log(JSON.stringify({ port: server.port }));
