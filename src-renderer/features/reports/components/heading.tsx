import type { ReactNode } from 'react';

export type HeadingLevel = 1 | 2 | 3 | 4 | 5 | 6;

/**
 * A heading at the level the page around it needs: a report is the page's first heading on
 * paper (h1) and sits under the screen's own headings on screen, its sections and tables below it.
 */
export function Heading({ level, id, className, children }: { level: HeadingLevel; id?: string; className?: string; children: ReactNode }) {
  const Tag = `h${String(level)}` as 'h1';
  return (
    <Tag id={id} className={className}>
      {children}
    </Tag>
  );
}

export function below(level: HeadingLevel, steps = 1): HeadingLevel {
  return Math.min(6, level + steps) as HeadingLevel;
}
