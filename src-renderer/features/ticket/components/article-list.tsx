import { Title } from '@mantine/core';
import { useId } from 'react';
import type { Article } from '../../../../src-shared/sync/entities.js';
import { formatMoment } from '../../../i18n/format.js';
import { useLanguageStore } from '../../../i18n/language-store.js';
import { useT } from '../../../i18n/use-t.js';
import { ArticleBody } from './article-body.js';
import { AttachmentList } from './attachment-list.js';
import { CustomerVisibleIcon, InternalIcon } from './ticket-icons.js';

function ArticleItem({ article, now, waiting }: { article: Article; now: Date; waiting: boolean }) {
  const t = useT();
  const language = useLanguageStore((state) => state.language);
  const subjectId = useId();
  const attachmentsId = useId();
  const internal = article.visibility === 'internal';
  return (
    <article className="ticket-article" data-visibility={article.visibility} data-article-id={article.id} data-waiting={waiting || undefined} aria-labelledby={subjectId}>
      <header className="article-head">
        <span className={internal ? 'article-visibility article-internal' : 'article-visibility article-customer-visible'}>
          {internal ? <InternalIcon /> : <CustomerVisibleIcon />}
          {internal ? t('article.internal') : t('article.customer-visible')}
        </span>
        <span className="article-from">{t('article.from', t(`article.sender.${article.sender}`), t(`article.channel.${article.channel}`))}</span>
        <time className="article-time" dateTime={article.performedAt}>
          {formatMoment(language, new Date(article.performedAt), now)}
        </time>
        {article.timeUnits > 0 && <span className="article-time-units">{t('article.time-units', article.timeUnits)}</span>}
        {waiting && <span className="article-waiting">{t('article.waiting')}</span>}
      </header>
      <Title id={subjectId} order={3} className="article-subject">
        {article.subject === '' ? t('article.no-subject') : article.subject}
      </Title>
      <ArticleBody article={article} />
      {article.attachments.length > 0 && <AttachmentList articleId={article.id} attachments={article.attachments} labelId={attachmentsId} waiting={waiting} />}
    </article>
  );
}

/** The articles in the order they were written, oldest first; those still in the agent's outbox (`waitingIds`) say so. */
export function ArticleList({ articles, now, waitingIds = [] }: { articles: readonly Article[]; now: Date; waitingIds?: readonly string[] }) {
  const t = useT();
  if (articles.length === 0) return <p className="ticket-empty">{t('article.none')}</p>;
  const ordered = [...articles].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  return (
    <div className="article-list">
      {ordered.map((article) => (
        <ArticleItem key={article.id} article={article} now={now} waiting={waitingIds.includes(article.id)} />
      ))}
    </div>
  );
}
