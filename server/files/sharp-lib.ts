import type Sharp from 'sharp';

let loading: Promise<typeof Sharp> | undefined;
let oneThread = false;

/**
 * sharp (libvips), loaded on first use. Loading it (the native library and its bindings) was the
 * largest single part of the server's start, for a server that may never see an image; images
 * are rare next to messages, and the first one pays it once.
 *
 * libvips keeps recent input files open and recent results in memory for reuse. Every image here
 * is new, and its temp file is deleted right after: an open handle would hold its disk space
 * (and on Windows block the deletion) for nothing. So its cache is off.
 */
export function loadSharp(): Promise<typeof Sharp> {
  loading ??= import('sharp').then(({ default: sharp }) => {
    sharp.cache(false);
    if (oneThread) sharp.concurrency(1);
    return sharp;
  });
  return loading;
}

/**
 * One libvips thread per image in this process, as in the image worker (image-worker.ts): when
 * images are processed in the server's own process, two at once must not take every core from
 * the event loop. Applies now if sharp is loaded, else when it is.
 */
export function oneLibvipsThread(): void {
  oneThread = true;
  // A failed load is reported to whoever asked for sharp (loadSharp), not again here.
  void loading?.then(
    (sharp) => sharp.concurrency(1),
    () => {},
  );
}
