import type { QueueCounts } from '../../../src-shared/ipc/workspace.js';

/** One level of the queue tree: a queue the agent may read, or a name that only groups others. */
export interface QueueNode {
  /** The full name (`Wertpapiere::Abwicklung`): unique, the node's key. */
  path: string;
  /** The last part of the name, as the tree shows it. */
  label: string;
  /** The queue itself, or null where only deeper queues are readable. */
  queue: QueueCounts | null;
  children: QueueNode[];
}

const separator = '::';

/**
 * The tree of queue names split at `::`, each level sorted by name in the agent's language.
 * A level that is no readable queue itself still appears, so that its children keep their place.
 */
export function buildQueueTree(queues: readonly QueueCounts[], locale: string): QueueNode[] {
  const roots: QueueNode[] = [];
  const byPath = new Map<string, QueueNode>();
  const nodeAt = (parts: string[]): QueueNode => {
    const path = parts.join(separator);
    const existing = byPath.get(path);
    if (existing) return existing;
    const node: QueueNode = { path, label: parts.at(-1) ?? path, queue: null, children: [] };
    byPath.set(path, node);
    (parts.length === 1 ? roots : nodeAt(parts.slice(0, -1)).children).push(node);
    return node;
  };
  for (const queue of queues) {
    const parts = queue.name.split(separator).map((part) => part.trim()).filter((part) => part !== '');
    nodeAt(parts.length === 0 ? [queue.name] : parts).queue = queue;
  }
  const collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
  const sort = (nodes: QueueNode[]): void => {
    nodes.sort((a, b) => collator.compare(a.label, b.label));
    nodes.forEach((node) => sort(node.children));
  };
  sort(roots);
  return roots;
}

/** The queue's own name path for a list title: `Wertpapiere › Abwicklung`. */
export function queueTitle(name: string): string {
  return name.split(separator).map((part) => part.trim()).join(' › ');
}
