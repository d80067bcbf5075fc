import WebSocket from 'ws';

/**
 * A minimal Socket.IO v4 client over a raw WebSocket, for load generation: it speaks just enough
 * of the protocol (handshake, ping, events, acks) and leaves event frames undecoded, so that one
 * load process can drive far more traffic than socket.io-client could.
 */
export class WireClient {
  private readonly acks = new Map<number, (answer: unknown) => void>();
  private nextAck = 1;
  /** Called with the raw text of every server event frame (`42[...]`). */
  onEvent: ((frame: string) => void) | undefined;

  private constructor(private readonly ws: WebSocket) {}

  static connect(url: string, auth: object, timeoutMs = 30_000): Promise<WireClient> {
    const wsUrl = `${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;
    const ws = new WebSocket(wsUrl, { perMessageDeflate: false });
    const client = new WireClient(ws);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('connect timed out')), timeoutMs);
      const fail = (error: Error) => {
        clearTimeout(timer);
        ws.terminate();
        reject(error);
      };
      ws.on('error', fail);
      ws.on('message', (data) => {
        const frame = data.toString();
        const type = frame.charCodeAt(0);
        if (frame === '2') return ws.send('3'); // engine.io ping
        if (type === 48 /* 0: open */) return ws.send(`40${JSON.stringify(auth)}`);
        if (frame.startsWith('40')) {
          clearTimeout(timer);
          ws.off('error', fail);
          ws.on('error', () => undefined);
          return resolve(client);
        }
        if (frame.startsWith('44')) return fail(new Error(`refused: ${frame.slice(2)}`));
        if (frame.startsWith('42')) return client.onEvent?.(frame);
        if (frame.startsWith('43')) return client.onAck(frame);
      });
    });
  }

  emit(event: string, payload: unknown): void {
    this.ws.send(`42${JSON.stringify([event, payload])}`);
  }

  request<T = unknown>(event: string, payload: unknown): Promise<T> {
    const id = this.nextAck++;
    return new Promise((resolve) => {
      this.acks.set(id, resolve as (answer: unknown) => void);
      this.ws.send(`42${id}${JSON.stringify([event, payload])}`);
    });
  }

  /** Stops reading from the socket: a frozen receiver, for the slow-client test. */
  freeze(): void {
    (this.ws as unknown as { _socket?: { pause(): void } })._socket?.pause();
  }

  close(): void {
    this.ws.terminate();
  }

  private onAck(frame: string): void {
    const bracket = frame.indexOf('[');
    const id = Number(frame.slice(2, bracket));
    const resolve = this.acks.get(id);
    this.acks.delete(id);
    resolve?.((JSON.parse(frame.slice(bracket)) as unknown[])[0]);
  }
}
