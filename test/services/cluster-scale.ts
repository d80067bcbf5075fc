/**
 * `npm run test:cluster` sets CLUSTER=full: the cluster's storms run longer and with more
 * senders. Inside `npm test` the same tests run shortened, asserting everything.
 */
export const CLUSTER_FULL = process.env.CLUSTER === 'full';
export const clusterScale = (short: number, full: number) => (CLUSTER_FULL ? full : short);
