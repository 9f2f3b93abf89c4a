import type { ScriptStep, TicketScript } from '../../src-shared/node/bank/index.js';

interface Cursor {
  script: TicketScript;
  next: number;
}

/**
 * The steps of many scripts in global time order, as the server would have received them: a
 * merge or link must find the other ticket as it stood at that moment. Scripts arrive in
 * creation order (their first step at their creation), so a step may be handed out once no
 * script still to come can start before it. Yields each step, and each script once its last
 * step was handed out.
 */
export function* inTimeOrder(scripts: Iterable<TicketScript>): Generator<{ step: ScriptStep; script: TicketScript; last: boolean }> {
  const heap: Cursor[] = [];
  const at = (cursor: Cursor): number => cursor.script.steps[cursor.next]?.at.getTime() ?? Number.POSITIVE_INFINITY;
  // Ties go to the older script, then the earlier step: the same order on every run.
  const before = (a: Cursor, b: Cursor): boolean => at(a) < at(b) || (at(a) === at(b) && a.script.index < b.script.index);
  const push = (cursor: Cursor): void => {
    heap.push(cursor);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i] as Cursor, heap[parent] as Cursor)) break;
      [heap[i], heap[parent]] = [heap[parent] as Cursor, heap[i] as Cursor];
      i = parent;
    }
  };
  const pop = (): Cursor | undefined => {
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < heap.length && before(heap[left] as Cursor, heap[smallest] as Cursor)) smallest = left;
        if (right < heap.length && before(heap[right] as Cursor, heap[smallest] as Cursor)) smallest = right;
        if (smallest === i) break;
        [heap[i], heap[smallest]] = [heap[smallest] as Cursor, heap[i] as Cursor];
        i = smallest;
      }
    }
    return top;
  };
  function* drain(until: number): Generator<{ step: ScriptStep; script: TicketScript; last: boolean }> {
    while (heap.length > 0 && at(heap[0] as Cursor) <= until) {
      const cursor = pop() as Cursor;
      const step = cursor.script.steps[cursor.next] as ScriptStep;
      cursor.next += 1;
      const last = cursor.next >= cursor.script.steps.length;
      yield { step, script: cursor.script, last };
      if (!last) push(cursor);
    }
  }
  for (const script of scripts) {
    // Everything before this script's creation is final: no later script starts earlier.
    yield* drain(script.createdAt.getTime() - 1);
    if (script.steps.length > 0) push({ script, next: 0 });
  }
  yield* drain(Number.POSITIVE_INFINITY);
}
