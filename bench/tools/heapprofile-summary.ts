/**
 * Sums a V8 sampling heap profile (bench/tools/fanout-steady.ts with BENCH_HEAP_SAMPLE) by where
 * the bytes were allocated: by the allocating function, and by the nearest frame of our own code.
 *   npx tsx bench/tools/heapprofile-summary.ts <file.json> [top=30]
 * Run it from the checkout the profile was taken in: "our code" is what lies under it, outside
 * node_modules. Our frames' line numbers are tsx's output, not the .ts source.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

interface HeapNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: HeapNode[];
}
const [file, topArg] = process.argv.slice(2);
if (!file) throw new Error('usage: heapprofile-summary <file.json> [top]');
const top = Number(topArg ?? 30);
const { head } = JSON.parse(readFileSync(file, 'utf8')) as { head: HeapNode };
const root = `${pathToFileURL(process.cwd()).href}/`;
const vendored = (url: string) => url.includes('/node_modules/');
const own = (url: string) => url.startsWith(root) && !vendored(url);
const short = (f: HeapNode['callFrame']) =>
  `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/node_modules\//, 'node_modules/').replace(root, '')}:${f.lineNumber + 1}`;
const byLeaf = new Map<string, number>();
const byOwn = new Map<string, number>();
const byPackage = new Map<string, number>();
let total = 0;
const walk = (node: HeapNode, stack: HeapNode['callFrame'][]) => {
  const path = [...stack, node.callFrame];
  if (node.selfSize > 0) {
    total += node.selfSize;
    const add = (map: Map<string, number>, key: string) =>
      map.set(key, (map.get(key) ?? 0) + node.selfSize);
    add(byLeaf, short(node.callFrame));
    const mine = path.findLast((f) => own(f.url));
    add(byOwn, mine ? short(mine) : '(no own frame)');
    // The innermost frame that is ours or a package's: bytes our code allocates inside a
    // package's callback are ours.
    const inner = path.findLast((f) => own(f.url) || vendored(f.url));
    const pkg =
      inner && vendored(inner.url)
        ? inner.url.match(/node_modules\/((@[^/]+\/)?[^/]+)/)?.[1]
        : inner && '(ours)';
    add(byPackage, pkg ?? (node.callFrame.url ? 'other' : '(native)'));
  }
  for (const child of node.children) walk(child, path);
};
walk(head, []);
const print = (title: string, map: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [key, bytes] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(
      `${(bytes / 1e6).toFixed(2).padStart(8)} MB ${((bytes / total) * 100).toFixed(1).padStart(5)} %  ${key}`,
    );
};
console.log(`${(total / 1e6).toFixed(2)} MB sampled`);
print('by allocating function', byLeaf);
print('by nearest own frame', byOwn);
print('by innermost package (or ours)', byPackage);
