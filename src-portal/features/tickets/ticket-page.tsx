import { Button, Title } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { Link } from 'wouter';
import type { PortalArticle, PortalMe, PortalTicket } from '../../../src-shared/portal/api.js';
import { closedStates } from '../../../src-shared/sync/entities.js';
import { useCloseTicket, useTicket } from '../../api/queries.js';
import { newRequestId } from '../../api/request-id.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { StateBadge } from '../../components/state-badge.js';
import { useFormatInstant, useT } from '../../i18n/use-t.js';
import { FollowUpForm } from './follow-up-form.js';

export function TicketPage({ ticketId, me }: { ticketId: string; me: PortalMe }) {
  const t = useT();
  const ticket = useTicket(ticketId);
  return (
    <section className="portal-card" aria-labelledby="ticket-heading">
      <p>
        <Link href="/">{t.ticket.back}</Link>
      </p>
      {ticket.error !== null && <ErrorAlert error={ticket.error} />}
      {ticket.data !== undefined && <TicketView ticket={ticket.data} me={me} />}
    </section>
  );
}

function TicketView({ ticket, me }: { ticket: PortalTicket; me: PortalMe }) {
  const t = useT();
  const formatInstant = useFormatInstant();
  const isClosed = closedStates.includes(ticket.state);
  const facts: [string, ReactNode][] = [
    [t.ticket.number, ticket.number],
    [t.ticket.state, <StateBadge key="state" state={ticket.state} />],
    [t.ticket.type, t.types[ticket.type]],
    ...(ticket.queueName === null ? [] : [[t.ticket.queue, ticket.queueName] as [string, string]]),
    [t.ticket.customer, ticket.customerName ?? '–'],
    [t.ticket.created, formatInstant(ticket.createdAt)],
    [t.ticket.updated, formatInstant(ticket.updatedAt)],
    // Absent: the bank does not show it; null: nothing outstanding. Either way no line.
    ...(ticket.firstResponseDue == null ? [] : [[t.ticket.firstResponseDue, formatInstant(ticket.firstResponseDue)] as [string, string]]),
    ...(ticket.solutionDue == null ? [] : [[t.ticket.solutionDue, formatInstant(ticket.solutionDue)] as [string, string]]),
  ];
  return (
    <>
      <Title order={1} size="h3" id="ticket-heading">
        {ticket.title}
      </Title>
      <dl className="portal-facts">
        {facts.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <Title order={2} size="h4">
        {t.ticket.articles}
      </Title>
      {ticket.articles.length === 0 ? (
        <p>{t.ticket.noArticles}</p>
      ) : (
        <ol className="portal-articles">
          {ticket.articles.map((article) => (
            <ArticleView key={article.id} article={article} />
          ))}
        </ol>
      )}
      {ticket.mayClose && me.mayClose && <CloseRequest ticket={ticket} />}
      <FollowUpForm ticketId={ticket.id} reopens={isClosed} />
    </>
  );
}

function ArticleView({ article }: { article: PortalArticle }) {
  const t = useT();
  const formatInstant = useFormatInstant();
  const author = article.from === 'service' ? t.ticket.fromService : t.ticket.fromCustomer(article.authorName);
  return (
    <li className={`portal-article portal-article-${article.from}`} data-article-from={article.from}>
      <p className="portal-article-head">
        <strong>{author}</strong> · <time dateTime={article.createdAt}>{formatInstant(article.createdAt)}</time>
        {article.subject !== '' && <> · {article.subject}</>}
      </p>
      <p className="portal-article-body">{article.body}</p>
      {article.attachments.length > 0 && (
        <ul className="portal-attachments" aria-label={t.ticket.attachments}>
          {article.attachments.map((attachment) => (
            <li key={attachment.id}>
              <a href={`/portal/api/attachments/${attachment.id}`} download={attachment.filename}>
                {attachment.filename}
              </a>{' '}
              ({Math.max(1, Math.round(attachment.size / 1024))} KB)
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

function CloseRequest({ ticket }: { ticket: PortalTicket }) {
  const t = useT();
  const close = useCloseTicket(ticket.id);
  const [requestId] = useState(newRequestId);
  return (
    <div className="portal-close">
      <p>{t.ticket.closeHint}</p>
      {close.error !== null && <ErrorAlert error={close.error} />}
      <Button variant="default" loading={close.isPending} onClick={() => close.mutate({ requestId, version: ticket.version, outcome: 'successful' })}>
        {t.ticket.close}
      </Button>
    </div>
  );
}
