import { Button } from '@mantine/core';
import { useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { ReasonAlert } from '../../../components/reason-alert.js';
import type { Article, AttachmentMeta } from '../../../../src-shared/sync/entities.js';
import { useT } from '../../../i18n/use-t.js';
import { looksLikeHtml, sanitiseMailHtml, withPictures, type SanitisedMail } from '../article-html.js';
import { useOpenExternal } from '../mutations.js';
import { useInlinePictures } from '../queries.js';
import { ImageBlockedIcon } from './ticket-icons.js';

/** The sanitised mail, put into the page as nodes (never re-parsed from a string). */
function MailHtml({ mail }: { mail: SanitisedMail }) {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    ref.current?.replaceChildren(mail.fragment.cloneNode(true));
  }, [mail]);
  return <div ref={ref} className="article-body article-body-html" data-article-html />;
}

/**
 * The mail's `cid:` references matched to its attachments: by the name the reference carries
 * (`image001.png@01DB…` → `image001.png`, the way mail programs name inline parts), the whole
 * reference first. References that match nothing stay unmatched.
 */
export function inlineAttachments(references: readonly string[], attachments: readonly AttachmentMeta[]): Map<string, AttachmentMeta> {
  const byName = new Map(attachments.map((attachment) => [attachment.filename.toLowerCase(), attachment]));
  const matched = new Map<string, AttachmentMeta>();
  for (const reference of references) {
    const lower = reference.toLowerCase();
    const found = byName.get(lower) ?? byName.get(lower.split('@')[0] ?? '');
    if (found) matched.set(reference, found);
  }
  return matched;
}

interface PictureState {
  /** Inline pictures found among the attachments plus embedded ones: what asking would show. */
  showable: number;
  /** Inline references without an attachment. */
  missing: number;
  asked: boolean;
  loading: boolean;
  failures: { name: string; error: unknown }[];
  onShow: () => void;
}

function MailNotices({ mail, pictures }: { mail: SanitisedMail; pictures: PictureState }) {
  const t = useT();
  const { images, remote, active } = mail.blocked;
  const shown = pictures.asked && !pictures.loading;
  return (
    <ul className="article-notices">
      <li>{t('article.html-mail')}</li>
      {images > 0 && !shown && (
        <li className="article-notice-blocked" data-images-blocked={images}>
          <ImageBlockedIcon />
          {t('article.images-blocked', images)}
          {pictures.showable > 0 && (
            <Button size="compact-xs" variant="default" className="article-pictures-show" loading={pictures.loading} onClick={pictures.onShow}>
              {t('article.pictures.show', pictures.showable)}
            </Button>
          )}
        </li>
      )}
      {shown && (
        <li className="article-notice-pictures" data-pictures-shown={mail.picturesShown}>
          <span role="status">{t('article.pictures.shown', mail.picturesShown)}</span>
        </li>
      )}
      {mail.pictures.remote > 0 && <li className="article-notice-remote-pictures">{t('article.pictures.remote', mail.pictures.remote)}</li>}
      {pictures.missing > 0 && <li>{t('article.pictures.missing', pictures.missing)}</li>}
      {remote > 0 && <li>{t('article.remote-blocked')}</li>}
      {active > 0 && <li>{t('article.active-removed')}</li>}
      {mail.links > 0 && <li>{t('article.links-as-text')}</li>}
      {pictures.failures.map((failure) => (
        <li key={failure.name}>
          <ReasonAlert title={t('article.pictures.failed', failure.name)} error={failure.error} />
        </li>
      ))}
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

/**
 * An HTML mail: every picture blocked at first; on the agent's request its inline pictures (its
 * own attachments, read through `attachments.picture`) and those written into it are shown.
 * Pictures from the web never are.
 */
function HtmlMail({ articleId, body, attachments, mail }: { articleId: string; body: string; attachments: readonly AttachmentMeta[]; mail: SanitisedMail }) {
  const [asked, setAsked] = useState(false);
  const inline = useMemo(() => inlineAttachments(mail.pictures.inline, attachments), [mail, attachments]);
  const pictureIds = useMemo(() => [...new Set([...inline.values()].map((attachment) => attachment.id))], [inline]);
  const pictures = useInlinePictures(articleId, pictureIds, asked);
  const ready = asked && pictures.settled;
  const shown = useMemo(() => {
    if (!ready) return null;
    const addresses = new Map<string, string>();
    for (const [reference, attachment] of inline) {
      const address = pictures.addresses.get(attachment.id);
      if (address !== undefined) addresses.set(reference, address);
    }
    return withPictures(body, mail, addresses);
  }, [ready, inline, pictures.addresses, body, mail]);
  const state: PictureState = {
    showable: inline.size + mail.pictures.embedded,
    missing: mail.pictures.inline.length - inline.size,
    asked,
    loading: asked && !pictures.settled,
    failures: [...pictures.failures].map(([id, error]) => ({ name: attachments.find((attachment) => attachment.id === id)?.filename ?? id, error })),
    onShow: () => setAsked(true),
  };
  return (
    <>
      <MailNotices mail={shown ?? mail} pictures={state} />
      <MailHtml mail={shown ?? mail} />
      <MailLinks addresses={mail.webAddresses} />
    </>
  );
}

/** An article's body: HTML e-mails sanitised (article-html.ts), everything else as plain text. */
export function ArticleBody({ article }: { article: Article }) {
  const html = article.channel === 'email' && looksLikeHtml(article.body);
  const mail = useMemo(() => (html ? sanitiseMailHtml(article.body) : null), [html, article.body]);
  if (mail === null) return <div className="article-body article-body-text">{article.body}</div>;
  return <HtmlMail articleId={article.id} body={article.body} attachments={article.attachments} mail={mail} />;
}
