import { Fragment } from 'react';

/**
 * A text with the words the search matched in `<mark>`: plain React text nodes only, so that
 * whatever an article or a title holds is shown as text, never as markup.
 */
export function Highlighted({ text, marks }: { text: string; marks: readonly (readonly [number, number])[] }) {
  const parts: React.ReactNode[] = [];
  let at = 0;
  for (const [start, end] of marks) {
    if (start < at || end > text.length || end <= start) continue;
    if (start > at) parts.push(<Fragment key={`t${String(at)}`}>{text.slice(at, start)}</Fragment>);
    parts.push(<mark key={`m${String(start)}`}>{text.slice(start, end)}</mark>);
    at = end;
  }
  if (at < text.length) parts.push(<Fragment key={`t${String(at)}`}>{text.slice(at)}</Fragment>);
  return <>{parts}</>;
}
