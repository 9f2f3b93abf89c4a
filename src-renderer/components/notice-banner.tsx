import { Text } from '@mantine/core';
import { useId, type ReactNode } from 'react';

interface NoticeBannerProps {
  icon: ReactNode;
  title: string;
  text: string;
  /** A button beside the text (sign in, dismiss), or nothing. */
  action?: ReactNode;
  testId?: string;
}

/**
 * A calm notice under the header: a region named by its title ("Offline geöffnet:"), the title in
 * bold before its text, an action at the end. Warnings that may have cost the agent something use
 * an alert instead.
 */
export function NoticeBanner({ icon, title, text, action, testId }: NoticeBannerProps) {
  const titleId = useId();
  return (
    <section className="notice-banner" aria-labelledby={titleId} data-testid={testId}>
      {icon}
      <div className="notice-banner-text">
        <Text id={titleId} size="sm" fw={700} span>
          {title}:{' '}
        </Text>
        <Text size="sm" span>
          {text}
        </Text>
      </div>
      {action}
    </section>
  );
}
