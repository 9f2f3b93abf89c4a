import { useLayoutEffect, useMemo, useRef } from 'react';
import type { Article } from '../../../../src-shared/sync/entities.js';
import { useT } from '../../../i18n/use-t.js';
import { looksLikeHtml, sanitiseMailHtml, type SanitisedMail } from '../article-html.js';
import { ImageBlockedIcon } from './ticket-icons.js';

/** The sanitised mail, put into the page as nodes (never re-parsed from a string). */
function MailHtml({ mail }: { mail: SanitisedMail }) {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    ref.current?.replaceChildren(mail.fragment.cloneNode(true));
  }, [mail]);
  return <div ref={ref} className="article-body article-body-html" data-article-html />;
}

function MailNotices({ mail }: { mail: SanitisedMail }) {
  const t = useT();
  const { images, remote, active } = mail.blocked;
  return (
    <ul className="article-notices">
      <li>{t('article.html-mail')}</li>
      {images > 0 && (
        <li className="article-notice-blocked" data-images-blocked={images}>
          <ImageBlockedIcon />
          {t('article.images-blocked', images)}
        </li>
      )}
      {remote > 0 && <li>{t('article.remote-blocked')}</li>}
      {active > 0 && <li>{t('article.active-removed')}</li>}
      {mail.links > 0 && <li>{t('article.links-as-text')}</li>}
    </ul>
  );
}

/** An article's body: HTML e-mails sanitised (article-html.ts), everything else as plain text. */
export function ArticleBody({ article }: { article: Article }) {
  const html = article.channel === 'email' && looksLikeHtml(article.body);
  const mail = useMemo(() => (html ? sanitiseMailHtml(article.body) : null), [html, article.body]);
  if (mail === null) return <div className="article-body article-body-text">{article.body}</div>;
  return (
    <>
      <MailNotices mail={mail} />
      <MailHtml mail={mail} />
    </>
  );
}
