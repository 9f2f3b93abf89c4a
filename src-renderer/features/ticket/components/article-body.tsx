import { Button } from '@mantine/core';
import { useId, useLayoutEffect, useMemo, useRef } from 'react';
import { ReasonAlert } from '../../../components/reason-alert.js';
import type { Article } from '../../../../src-shared/sync/entities.js';
import { useT } from '../../../i18n/use-t.js';
import { looksLikeHtml, sanitiseMailHtml, type SanitisedMail } from '../article-html.js';
import { useOpenExternal } from '../mutations.js';
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

/**
 * The mail's web addresses, each with a button that opens it in the system's browser through the
 * main process's check (http and https only); the mail's own text never navigates.
 */
function MailLinks({ addresses }: { addresses: readonly string[] }) {
  const t = useT();
  const open = useOpenExternal();
  const titleId = useId();
  if (addresses.length === 0) return null;
  return (
    <section className="mail-links" aria-labelledby={titleId}>
      <p id={titleId} className="mail-links-title">
        {t('article.links.title')}
      </p>
      <ul>
        {addresses.map((address) => (
          <li key={address}>
            <code className="mail-links-address">{address}</code>
            <Button size="compact-xs" variant="default" onClick={() => open.mutate(address)} aria-label={t('article.links.open-label', address)}>
              {t('article.links.open')}
            </Button>
          </li>
        ))}
      </ul>
      {open.isError && <ReasonAlert title={t('article.links.failed')} error={open.error} />}
    </section>
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
      <MailLinks addresses={mail.webAddresses} />
    </>
  );
}
