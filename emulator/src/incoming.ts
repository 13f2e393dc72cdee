/**
 * What both of the emulator's listeners (the HTTP API and the Lambda Invoke
 * API) read from a request before they act on it: its body, within a limit,
 * and whether it can only have come from the developer's own tools.
 */
import type { IncomingMessage } from 'node:http';

/** The body of a request that has none. */
export const noBody = Buffer.alloc(0);

/** Whether the request announces a body: one that announces none has none (RFC 9112, 6.3). */
export function announcesBody(request: IncomingMessage): boolean {
  return request.headers['content-length'] !== undefined || request.headers['transfer-encoding'] !== undefined;
}

/**
 * The request's body; or, once it passes `limitBytes` (announced or counted),
 * what `tooLarge` makes of the reason, and nothing more is read.
 */
export function readBody<T>(request: IncomingMessage, limitBytes: number, tooLarge: (reason: string) => T): Promise<Buffer | T> {
  // A request that announces no body has none; Node discards the empty stream when the response ends.
  if (!announcesBody(request)) return Promise.resolve(noBody);
  const announced = Number(request.headers['content-length'] ?? 0);
  if (announced > limitBytes) return Promise.resolve(tooLarge(`body ${announced} bytes > ${limitBytes}`));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        request.pause();
        resolve(tooLarge(`body over ${limitBytes} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/**
 * Why a request to a port only the developer's tools may use is refused, or
 * undefined: a browser's request carries an Origin, and a page reached through
 * DNS rebinding names a Host that is not loopback.
 */
export function notFromLocalTools(request: IncomingMessage): string | undefined {
  const host = (request.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(host)) return `Host ${JSON.stringify(host)} is not loopback`;
  if (request.headers.origin !== undefined) return 'a browser sent it (Origin header)';
  return undefined;
}
