import type { ChatSocket } from '../../server/socket/types.js';

/**
 * A middleware added after the server's own holds every handshake at its very end, between the
 * last store read and `connection`: where a logout or ban used to be missed.
 */
export function pauseHandshakes(io: { use(fn: (s: ChatSocket, next: () => void) => void): void }) {
  const held: Array<() => void> = [];
  let arrived: () => void = () => undefined;
  io.use((_socket, next) => {
    held.push(next);
    arrived();
  });
  return {
    /** Resolves once `count` handshakes are held. */
    reached: (count = 1) =>
      new Promise<void>((resolve) => {
        arrived = () => held.length >= count && resolve();
        arrived();
      }),
    release: () => held.splice(0).forEach((next) => next()),
  };
}
